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
        RollupJob job = new RollupJob(new RollupRepository(pool, 100, Long.MAX_VALUE, lagGauge), Duration.ZERO);

        RollupRepository.Refresh one = job.run(null).await().indefinitely();
        assertTrue(one.ran() && one.more(), "a single run stops after its budget with windows waiting");
        assertTrue(count(WAITING) > 1000, "most events still wait after one run");

        job.catchUp().await().indefinitely();
        assertEquals(0, count(WAITING), "every event stored before the catch-up is folded");
        // the runs built on each other's rows: the hourly page views add up to the raw ones
        assertEquals(count("SELECT count(*) FROM analytics_events WHERE type = 'page_view'"),
                count("SELECT coalesce(sum(page_views), 0) FROM analytics_rollup_totals WHERE grain = 'h' AND customer_id = 0"));
    }

    @Test
    void aWindowStopsWhenItsCellsAreFullButNeverSplitsAPosition() {
        TestData.ensureSeeded(pool);
        rollups.reset().await().indefinitely();
        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
        // 200 page views stored by one transaction at one instant: one position, (xact_id, occurred_at), that no window may
        // split; then 200 at positions of their own. Each on a path of its own, so every event adds cells.
        execute(INSERT + " date_trunc('second', now()) - interval '3 hours'" + FROM_200);
        execute(INSERT + " date_trunc('second', now()) - interval '3 hours' + g * interval '1 millisecond'" + FROM_200);
        try {
            // windows of up to a million events but 20 cells: full after a few events
            RollupRepository small = new RollupRepository(pool, 1_000_000, 20, lagGauge);
            RollupRepository.Refresh first = small.refresh(null).await().indefinitely();
            assertEquals(200, first.events(), "the window took the whole position it was at when full, and stopped there");
            assertTrue(first.more(), "the events after it wait for the next windows");

            new RollupJob(small, Duration.ZERO).catchUp().await().indefinitely();
            assertEquals(0, count(WAITING), "every event is folded");
            assertEquals(400, count("SELECT coalesce(sum(page_views), 0) FROM analytics_rollup_paths WHERE grain = 'h' AND page_path LIKE '/position/%'"),
                    "each event folded once, by exactly one window");
            assertEquals(count("SELECT count(*) FROM analytics_events WHERE type = 'page_view'"),
                    count("SELECT coalesce(sum(page_views), 0) FROM analytics_rollup_totals WHERE grain = 'h' AND customer_id = 0"));
        } finally {
            execute("DELETE FROM analytics_events WHERE page_path LIKE '/position/%'");
        }
    }

    private static final String INSERT = "INSERT INTO analytics_events (event_id, occurred_at, received_at, type, anon_id, session_id, session_count,"
            + " surface, page_path) SELECT gen_random_uuid(),";

    private static final String FROM_200 = ", now(), 'page_view', gen_random_uuid(), gen_random_uuid(), 1, 'dashboard', '/position/' || gen_random_uuid()"
            + " FROM generate_series(1, 200) g";

    void execute(String sql) {
        pool.query(sql).execute().await().indefinitely();
    }

    /** Stored events the watermark does not cover yet. */
    static final String WAITING = "SELECT count(*) FROM analytics_events e, analytics_rollup_watermark w"
            + " WHERE (e.xact_id, e.occurred_at) >= (w.folded_xact, coalesce(w.folded_occurred, '-infinity'))";

    long count(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getLong(0);
    }
}
