package com.paubox.tracking.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;

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
import io.vertx.mutiny.sqlclient.Tuple;
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
        OffsetDateTime before = pool.query("SELECT now() AS t").execute().await().indefinitely().iterator().next().getOffsetDateTime("t");
        // windows of 100 events and a budget that the first window spends: 1,500 events take 15 runs or more
        RollupJob job = new RollupJob(new RollupRepository(pool, Duration.ZERO, 100, lagGauge), Duration.ZERO);

        RollupRepository.Refresh one = job.run(null).await().indefinitely();
        assertTrue(one.ran() && one.more(), "a single run stops after its budget with windows waiting");
        assertTrue(count("SELECT count(*) FROM analytics_events WHERE received_at < $1 AND received_at >= (SELECT received_until FROM"
                + " analytics_rollup_watermark)", before) > 1000, "most events still wait after one run");

        job.catchUp().await().indefinitely();
        assertEquals(0, count("SELECT count(*) FROM analytics_events WHERE received_at < $1 AND received_at >= (SELECT received_until FROM"
                + " analytics_rollup_watermark)", before), "every event received before the catch-up is folded");
        // the runs built on each other's rows: the hourly page views add up to the raw ones
        assertEquals(count("SELECT count(*) FROM analytics_events WHERE type = 'page_view' AND received_at < (SELECT received_until FROM"
                + " analytics_rollup_watermark) AND $1::timestamptz IS NOT NULL", before),
                count("SELECT coalesce(sum(page_views), 0) FROM analytics_rollup_totals WHERE grain = 'h' AND customer_id = 0"
                        + " AND $1::timestamptz IS NOT NULL", before));
    }

    long count(String sql, OffsetDateTime at) {
        return pool.preparedQuery(sql).execute(Tuple.of(at)).await().indefinitely().iterator().next().getLong(0);
    }
}
