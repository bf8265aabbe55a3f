package com.paubox.tracking.dashboard.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.paubox.tracking.dashboard.repository.PartitionRepository;
import com.paubox.tracking.dashboard.repository.PartitionRepository.Maintenance;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps monthly partitions ahead of time and drops those older than the retention period
 * (ANALYTICS_RETENTION_DAYS). Runs on every replica's schedule, but only the replica that wins the
 * PostgreSQL advisory lock does the work.
 */
@ApplicationScoped
public class LifecycleJob {

    private static final Logger LOG = Logger.getLogger(LifecycleJob.class);

    private final PartitionRepository partitions;
    private final int retentionDays;
    private final int monthsAhead;
    private final Clock clock = Clock.systemUTC();

    public LifecycleJob(PartitionRepository partitions,
            @ConfigProperty(name = "analytics.retention-days", defaultValue = "400") int retentionDays,
            @ConfigProperty(name = "analytics.lifecycle.months-ahead", defaultValue = "3") int monthsAhead) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("analytics.retention-days must be at least 1");
        }
        this.partitions = partitions;
        this.retentionDays = retentionDays;
        this.monthsAhead = monthsAhead;
    }

    @Scheduled(identity = "analytics-lifecycle", every = "${analytics.lifecycle.every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> LOG.warnf("analytics lifecycle job failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One run: creates the partitions of this month and the next ones, drops expired ones. */
    public Uni<Maintenance> run() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        LocalDate today = now.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        OffsetDateTime keepFrom = now.minusDays(retentionDays);
        return partitions.maintain(today, monthsAhead, keepFrom).invoke(m -> {
            if (m.ran()) {
                LOG.infof("analytics lifecycle: %d partition(s) created, %d dropped, %d default-partition row(s) expired (retention %d days)",
                        m.created(), m.dropped(), m.defaultRowsDeleted(), retentionDays);
            } else {
                LOG.debug("analytics lifecycle: another replica holds the lock; skipped");
            }
        });
    }
}
