package com.paubox.tracking.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.dashboard.rollup.RollupLag;
import com.paubox.tracking.dashboard.service.RollupJob;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/** The rollup job folds a backlog larger than one run's budget without pausing between runs. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class RollupJobTest {

    @Inject
    Pool pool;

    @Inject
    RollupRepository rollups;

    @Inject
    RollupLag lagGauge;

    /** Other test classes share the database and expect raw events only. */
    @AfterEach
    void leaveRawEvents() {
        rollups.reset().await().indefinitely();
    }

    @Test
    void aRunThatSpendsItsBudgetIsFollowedAtOnceUntilCaughtUp() {
        TestData.ensureSeeded(pool);
        rollups.reset().await().indefinitely();
        // windows of 100 events and a budget that the first window spends: 1,500 events take 15 runs or more
        RollupJob job = new RollupJob(new RollupRepository(pool, 100, lagGauge), Duration.ZERO);

        RollupRepository.Refresh one = job.run(null).await().indefinitely();
        assertTrue(one.ran() && one.more(), "a single run stops after its budget with windows waiting");
        assertTrue(count(WAITING) > 1000, "most events still wait after one run");

        job.catchUp().await().indefinitely();
        assertEquals(0, count(WAITING), "every event stored before the catch-up is folded");
        // the runs built on each other's rows: the hourly page views add up to the raw ones
        assertEquals(count("SELECT count(*) FROM analytics_events WHERE type = 'page_view'"),
                count("SELECT coalesce(sum(page_views), 0) FROM analytics_rollup_totals WHERE grain = 'h' AND customer_id = 0"));
    }

    /** Stored events the watermark does not cover yet. */
    static final String WAITING = "SELECT count(*) FROM analytics_events e, analytics_rollup_watermark w"
            + " WHERE (e.xact_id, e.occurred_at) >= (w.folded_xact, coalesce(w.folded_occurred, '-infinity'))";

    long count(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getLong(0);
    }
}
