package com.paubox.tracking.dashboard.rollup;

import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code analytics_rollup_lag_seconds} on /q/metrics: how far the rollups trail the newest stored event
 * (newest received_at − the watermark), as of the rollup job's last run. Answers read raw events for that part.
 */
@ApplicationScoped
public class RollupLag {

    private final AtomicReference<Double> seconds = new AtomicReference<>(0.0);

    public RollupLag(MeterRegistry registry) {
        Gauge.builder("analytics_rollup_lag_seconds", seconds, AtomicReference::get)
                .description("How far the dashboard rollups trail the newest stored event (received_at)").register(registry);
    }

    public void set(double value) {
        seconds.set(value);
    }
}
