package com.paubox.tracking.dashboard.rollup;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code analytics_rollup_lag_seconds} on /q/metrics: 0 when every committed event is folded; otherwise how long ago
 * (database time) a window last left nothing committed unfolded — how long the oldest waiting events may have waited.
 * Measured every second ({@code RollupLagProbe}) and after every rollup run; answers read raw events for that part.
 * Measurements may finish out of order (two connections): the one begun last wins, so a stale one never overwrites it.
 */
@ApplicationScoped
public class RollupLag {

    private final AtomicLong begun = new AtomicLong();
    private long applied;
    private volatile double seconds;

    public RollupLag(MeterRegistry registry) {
        Gauge.builder("analytics_rollup_lag_seconds", this, l -> l.seconds)
                .description("How long committed events have waited unfolded into the dashboard rollups (0: none waits)").register(registry);
    }

    /** A ticket for a measurement about to read the database. */
    public long begin() {
        return begun.incrementAndGet();
    }

    /** The measurement of {@code ticket}, unless one begun later was already applied. */
    public synchronized void set(long ticket, double value) {
        if (ticket > applied) {
            applied = ticket;
            seconds = value;
        }
    }
}
