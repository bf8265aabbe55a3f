package com.paubox.tracking.ingest.rest;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.paubox.tracking.ingest.repository.EventWriter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Ready while the writer accepts events and its queue has room (the database has its own check). */
@Readiness
@ApplicationScoped
public class WriterHealthCheck implements HealthCheck {

    @Inject
    EventWriter writer;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("event-writer")
                .status(writer.healthy())
                .withData("queue_depth", writer.depth())
                .withData("last_batch_failed", writer.lastBatchFailed())
                .withData("circuit_breaker", writer.breakerState())
                .build();
    }
}
