package com.paubox.tracking.dashboard.service;

import org.jboss.logging.Logger;

import com.paubox.tracking.dashboard.repository.RollupRepository;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Measures {@code analytics_rollup_lag_seconds} every {@code analytics.rollup.lag-every} (default 1 s), between the
 * rollup runs too: measured only when a run ended, the gauge held 0 for the 10 s until the next run while events
 * piled up (bench phase 2c). Two index probes per measurement.
 */
@ApplicationScoped
public class RollupLagProbe {

    private static final Logger LOG = Logger.getLogger(RollupLagProbe.class);

    private final RollupRepository rollups;

    public RollupLagProbe(RollupRepository rollups) {
        this.rollups = rollups;
    }

    @Scheduled(identity = "analytics-rollup-lag", every = "${analytics.rollup.lag-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        // the database down: the gauge keeps its last value, the readiness check says why
        return rollups.updateLag().onFailure().invoke(e -> LOG.debugf("rollup lag not measured: %s", e.getClass().getName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
