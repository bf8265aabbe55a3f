package com.paubox.tracking.ingest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

    @Test
    void sixtyPerMinutePerClientThenDropped() {
        ClientRateLimiter limiter = new ClientRateLimiter(60, 1000);
        assertEquals(50, limiter.admit("203.0.113.1", 50));
        assertEquals(10, limiter.admit("203.0.113.1", 50)); // a batch is cut at the limit
        assertEquals(0, limiter.admit("203.0.113.1", 1));
        assertEquals(60, limiter.admit("203.0.113.2", 60)); // other clients unaffected
    }

    @Test
    void permitsComeBackAfterThePeriod() throws InterruptedException {
        ClientRateLimiter limiter = new ClientRateLimiter(3, 1000, Duration.ofMillis(200));
        assertEquals(3, limiter.admit("203.0.113.9", 5));
        Thread.sleep(450);
        assertEquals(3, limiter.admit("203.0.113.9", 5));
    }

    @Test
    void sprayingAddressesCannotExhaustMemory() {
        ClientRateLimiter limiter = new ClientRateLimiter(60, 1000);
        for (int i = 0; i < 50_000; i++) {
            limiter.admit("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 1);
        }
        assertTrue(limiter.trackedClients() <= 1000, limiter.trackedClients() + " limiters kept");
    }

    @Test
    void neverWaits() {
        ClientRateLimiter limiter = new ClientRateLimiter(1, 10);
        limiter.admit("198.51.100.7", 1);
        long start = System.nanoTime();
        assertEquals(0, limiter.admit("198.51.100.7", 50));
        assertTrue(System.nanoTime() - start < 1_000_000_000L); // a wait would last until the next minute
    }
}
