package com.paubox.tracking.dashboard.service;

import java.time.OffsetDateTime;

import org.jboss.logging.Logger;

import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.dashboard.repository.RollupRepository.Refresh;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the hourly rollups current (every {@code analytics.rollup.every}, default 1 minute): rolls each
 * closed UTC hour and recomputes the hours of late events. Only the replica that wins the PostgreSQL
 * advisory lock runs; the others skip that run.
 */
@ApplicationScoped
public class RollupJob {

    private static final Logger LOG = Logger.getLogger(RollupJob.class);

    private final RollupRepository rollups;

    public RollupJob(RollupRepository rollups) {
        this.rollups = rollups;
    }

    @Scheduled(identity = "analytics-rollup", every = "${analytics.rollup.every}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run(null).onFailure().invoke(e -> LOG.warnf("analytics rollup job failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One run, rolling closed hours up to {@code upTo} (null: up to the current hour). */
    public Uni<Refresh> run(OffsetDateTime upTo) {
        return rollups.refresh(upTo).invoke(r -> {
            if (r.ran()) {
                LOG.debugf("analytics rollup: %d hour(s) recomputed, rolled until %s", r.hoursRecomputed(), r.rolledUntil());
            } else {
                LOG.debug("analytics rollup: another replica holds the lock; skipped");
            }
        });
    }
}
