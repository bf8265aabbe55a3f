package com.paubox.tracking.dashboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RepeatedFailuresTest {

    static final long S = 1_000_000_000L;

    @Test
    void warnsAtOnceThenOnceAMinuteWithHowManyWereKeptQuiet() {
        RepeatedFailures f = new RepeatedFailures(Duration.ofMinutes(1));
        assertEquals(0, f.failed(0), "the first failure warns");
        for (long t = 2; t < 60; t += 2) {
            assertEquals(-1, f.failed(t * S), "quiet within the minute, at " + t + " s");
        }
        assertEquals(29, f.failed(60 * S), "a minute later: warns, with the 29 kept quiet");
        assertEquals(-1, f.failed(62 * S));
    }

    @Test
    void aSuccessMakesTheNextFailureWarnAtOnce() {
        RepeatedFailures f = new RepeatedFailures(Duration.ofMinutes(1));
        assertEquals(0, f.failed(0));
        assertEquals(-1, f.failed(2 * S));
        f.succeeded();
        assertEquals(0, f.failed(4 * S), "a new outage is reported at once, and the quiet count starts again");
    }
}
