package com.paubox.tracking.dashboard.service;

import java.time.Duration;

/**
 * When a job that runs every few seconds warns about failing: at once for the first failure after a success, then at
 * most once per {@code every} while failures go on, saying how many it kept quiet. The rollup job runs every 2 s: a
 * database outage logged 30 warnings a minute. Thread-safe (runs may end on different threads, never two at once).
 */
final class RepeatedFailures {

    private final long everyNanos;
    private long lastWarned;
    private boolean failing;
    private int quiet;

    RepeatedFailures(Duration every) {
        this.everyNanos = every.toNanos();
    }

    /** A run succeeded: the next failure warns at once. */
    synchronized void succeeded() {
        failing = false;
        quiet = 0;
    }

    /**
     * A run failed at {@code nowNanos} (System.nanoTime()): -1 to stay quiet, else warn and mention this many failures
     * kept quiet since the last warning.
     */
    synchronized int failed(long nowNanos) {
        if (failing && nowNanos - lastWarned < everyNanos) {
            quiet++;
            return -1;
        }
        failing = true;
        lastWarned = nowNanos;
        int kept = quiet;
        quiet = 0;
        return kept;
    }
}
