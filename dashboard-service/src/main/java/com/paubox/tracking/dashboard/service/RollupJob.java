package com.paubox.tracking.dashboard.service;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.dashboard.repository.RollupRepository.Refresh;
import com.paubox.tracking.dashboard.rollup.Watermark;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps the rollups current (every {@code analytics.rollup.every}, default 2 seconds — the lag's floor; an idle run is
 * a few index probes): folds the events stored since the last run, window after window (each its own short
 * transaction), for at most {@code analytics.rollup.budget} per run; a run that ends with windows still waiting is
 * followed by the next at once, so a backlog catches up without pauses. Only the replica that wins the PostgreSQL
 * advisory lock runs.
 */
@ApplicationScoped
public class RollupJob {

    private static final Logger LOG = Logger.getLogger(RollupJob.class);

    private final RollupRepository rollups;
    private final Duration budget;
    /** A warning a minute at most while runs keep failing (an outage, every 2 s). */
    private final RepeatedFailures failures = new RepeatedFailures(Duration.ofMinutes(1));

    public RollupJob(RollupRepository rollups, @ConfigProperty(name = "analytics.rollup.budget") Duration budget) {
        this.rollups = rollups;
        this.budget = budget;
    }

    @Scheduled(identity = "analytics-rollup", every = "${analytics.rollup.every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return catchUp().invoke(failures::succeeded).onFailure().invoke(this::warn).onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * SQLSTATE and the table, column and constraint name the failure; PostgreSQL's message is not logged, as it can
     * quote the offending value (an input that failed to parse, for instance).
     */
    private void warn(Throwable e) {
        int kept = failures.failed(System.nanoTime());
        if (kept >= 0) {
            LOG.warnf("analytics rollup job failed: %s%s%s", e.getClass().getName(), e instanceof PgException pg ? " SQLSTATE " + pg.getSqlState()
                    + " table " + pg.getTable() + " column " + pg.getColumn() + " constraint " + pg.getConstraint() : "",
                    kept > 0 ? " (" + kept + " more failed runs since the last warning)" : "");
        }
    }

    /**
     * Runs one after the other while a run spends its budget with windows still waiting (up to every committed event): waiting for the
     * next tick instead left the job idle for up to {@code analytics.rollup.every} per run (a tenth of a 10 M-event catch-up).
     */
    public Uni<Void> catchUp() {
        return run(null).flatMap(r -> r.ran() && r.more() ? catchUp() : Uni.createFrom().voidItem());
    }

    /** One run up to {@code cap} (null: every committed event). */
    public Uni<Refresh> run(Watermark cap) {
        return rollups.catchUp(cap, budget).invoke(r -> {
            if (r.ran()) {
                LOG.debugf("analytics rollup: %d event(s) folded, watermark %s%s", r.events(), r.watermark(), r.more() ? " (more waiting)" : "");
            } else {
                LOG.debug("analytics rollup: another replica holds the lock; skipped");
            }
        });
    }
}
