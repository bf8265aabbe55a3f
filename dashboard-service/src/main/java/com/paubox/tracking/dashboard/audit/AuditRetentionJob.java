package com.paubox.tracking.dashboard.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.paubox.tracking.dashboard.rest.ProblemMappers;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Audit retention, separate from the events' (ANALYTICS_RETENTION_DAYS never touches audit_log): rows older
 * than ANALYTICS_AUDIT_RETENTION_DAYS (default 2190, six years) are deleted, oldest first, so the chain
 * that remains starts at an anchor the verifier reports. With the recommended production grants (INSERT and
 * SELECT only) the database refuses the DELETE: the job says so once and the owner's schedule runs the same
 * statement (docs/deploy.md, "Audit log grants").
 */
@ApplicationScoped
public class AuditRetentionJob {

    private static final Logger LOG = Logger.getLogger(AuditRetentionJob.class);

    private final AuditRepository repository;
    private final int retentionDays;
    private final AtomicBoolean deniedReported = new AtomicBoolean();

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
        return run().onFailure().invoke(this::report).onFailure().recoverWithNull().replaceWithVoid();
    }

    private void report(Throwable e) {
        if (e instanceof PgException pg && "42501".equals(pg.getSqlState())) {
            if (!deniedReported.getAndSet(true)) {
                LOG.info("audit retention: this role may not DELETE from audit_log (the recommended grant); "
                        + "run the retention statement of docs/deploy.md under the owner's role instead");
            }
            return;
        }
        LOG.warnf("audit retention failed: %s", ProblemMappers.summary(e));
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
