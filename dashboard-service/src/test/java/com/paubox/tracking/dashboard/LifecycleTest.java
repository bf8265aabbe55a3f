package com.paubox.tracking.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.repository.PartitionRepository;
import com.paubox.tracking.dashboard.repository.PartitionRepository.Maintenance;
import com.paubox.tracking.dashboard.service.LifecycleJob;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** Partitions ahead, expired ones dropped, and one runner at a time through the advisory lock. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class LifecycleTest {

    @Inject
    Pool pool;

    @Inject
    LifecycleJob job;

    Object scalar(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getValue(0);
    }

    /**
     * Retention's delete of each rollup table's expired rows can use an index (issue 26): with sequential scans priced
     * out, no plan falls back to one. The tables are found in the catalog, so a new cube is checked too.
     */
    @Test
    void rollupRetentionDeletesByAnIndexNotAScan() {
        var tables = pool.query("SELECT c.table_name, c.column_name FROM information_schema.columns c WHERE c.table_schema = current_schema()"
                + " AND c.table_name LIKE 'analytics_rollup_%' AND c.column_name IN ('bucket', 'hour') ORDER BY 1").execute().await().indefinitely();
        assertTrue(tables.size() >= 9, "the cubes and the per-user sessions");
        for (var t : tables) {
            String plan = pool.withTransaction(conn -> conn.query("SET LOCAL enable_seqscan = off").execute()
                    .flatMap(x -> conn.query("EXPLAIN DELETE FROM " + t.getString(0) + " WHERE " + t.getString(1)
                            + " < date_trunc('month', now() - interval '400 days')").execute()))
                    .map(rows -> {
                        StringBuilder b = new StringBuilder();
                        rows.forEach(r -> b.append(r.getString(0)).append('\n'));
                        return b.toString();
                    }).await().indefinitely();
            assertFalse(plan.contains("Seq Scan"), t.getString(0) + ":\n" + plan);
        }
    }

    @Test
    void keepsPartitionsAheadAndDropsExpiredOnes() {
        pool.query("CREATE TABLE IF NOT EXISTS analytics_events_2020_01 PARTITION OF analytics_events FOR VALUES FROM ('2020-01-01') TO ('2020-02-01')")
                .execute().await().indefinitely();
        pool.query("INSERT INTO analytics_events (event_id, occurred_at, type, anon_id, session_id, session_count, surface, page_path) VALUES"
                + " (gen_random_uuid(), '2020-01-15T10:00:00Z', 'page_view', gen_random_uuid(), gen_random_uuid(), 1, 'dashboard', '/old'),"
                + " (gen_random_uuid(), '2021-03-15T10:00:00Z', 'page_view', gen_random_uuid(), gen_random_uuid(), 1, 'dashboard', '/old-default')")
                .execute().await().indefinitely();

        Maintenance result = job.run().await().indefinitely();

        assertTrue(result.ran());
        assertTrue(result.dropped() >= 1);
        assertNull(scalar("SELECT to_regclass('analytics_events_2020_01')::text"));
        assertEquals(0L, scalar("SELECT count(*) FROM analytics_events WHERE page_path IN ('/old', '/old-default')"));
        LocalDate month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        for (int i = 0; i <= 3; i++) {
            String name = "analytics_events_" + month.plusMonths(i).format(DateTimeFormatter.ofPattern("yyyy_MM"));
            assertNotNull(scalar("SELECT to_regclass('" + name + "')::text"), name);
        }
        // the seeded data (the last 45 days) is far inside the 400-day retention
        assertEquals(TestData.ensureSeeded(pool).size() > 0, true);
    }

    @Test
    void onlyOneReplicaRunsAtATime() {
        SqlConnection other = pool.getConnection().await().indefinitely();
        try {
            other.query("BEGIN").execute().await().indefinitely();
            other.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(PartitionRepository.LOCK_KEY)).await().indefinitely();
            assertFalse(job.run().await().indefinitely().ran(), "another replica holds the lock");
            other.query("COMMIT").execute().await().indefinitely();
            assertTrue(job.run().await().indefinitely().ran());
        } finally {
            other.close().await().indefinitely();
        }
    }
}
