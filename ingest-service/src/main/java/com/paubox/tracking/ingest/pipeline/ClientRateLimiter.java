package com.paubox.tracking.ingest.pipeline;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * N events per minute per client IP. One resilience4j limiter per IP, kept in a bounded Caffeine cache (a
 * limiter registry never evicts, so an IP-spraying client could exhaust memory). Permits are taken with
 * zero wait: an event over the limit is dropped, the event loop never blocks. resilience4j's window is a
 * fixed one-minute period counted from the limiter's creation, not a sliding window.
 */
public final class ClientRateLimiter {

    private final RateLimiterConfig config;
    private final Cache<String, RateLimiter> limiters;

    public ClientRateLimiter(int perMinute, long maxClients) {
        this(perMinute, maxClients, Duration.ofMinutes(1));
    }

    ClientRateLimiter(int perMinute, long maxClients, Duration period) {
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(perMinute)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build();
        // A limiter idle for two periods is full again anyway: forgetting it loses nothing.
        this.limiters = Caffeine.newBuilder()
                .maximumSize(maxClients)
                .expireAfterAccess(period.multipliedBy(2))
                .build();
    }

    /** Takes one permit per event; returns how many of {@code events} may pass (the first ones). */
    public int admit(String clientIp, int events) {
        RateLimiter limiter = limiters.get(clientIp, ip -> RateLimiter.of("ingest", config));
        int admitted = 0;
        while (admitted < events && limiter.acquirePermission()) {
            admitted++;
        }
        return admitted;
    }

    public long trackedClients() {
        limiters.cleanUp();
        return limiters.estimatedSize();
    }
}
