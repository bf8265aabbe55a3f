package com.paubox.tracking.dashboard.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.paubox.tracking.dashboard.rest.ProblemMappers;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Audit retention, separate from the events' (ANALYTICS_RETENTION_DAYS never touches audit_log): rows older
 * than ANALYTICS_AUDIT_RETENTION_DAYS (default 2190, six years) are deleted, oldest first, so the chain
 * that remains starts at an anchor the verifier reports. Without a DELETE grant the run fails and logs it
 * (docs/deploy.md, "Audit log grants").
 */
@ApplicationScoped
public class AuditRetentionJob {

    private static final Logger LOG = Logger.getLogger(AuditRetentionJob.class);

    private final AuditRepository repository;
    private final int retentionDays;

    public AuditRetentionJob(AuditRepository repository, @ConfigProperty(name = "analytics.audit.retention-days", defaultValue = "2190") int retentionDays) {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("analytics.audit.retention-days must be at least 1");
        }
        this.repository = repository;
        this.retentionDays = retentionDays;
    }

    @Scheduled(identity = "audit-retention", every = "${analytics.audit.retention-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> LOG.warnf("audit retention failed: %s", ProblemMappers.summary(e)))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One run: the number of rows deleted, -1 when another replica was running it. */
    public Uni<Long> run() {
        OffsetDateTime keepFrom = OffsetDateTime.now(ZoneOffset.UTC).minusDays(retentionDays);
        return repository.deleteBefore(keepFrom).invoke(n -> {
            if (n > 0) {
                LOG.infof("audit retention: %d row(s) older than %d days deleted", n, retentionDays);
            }
        });
    }
}
