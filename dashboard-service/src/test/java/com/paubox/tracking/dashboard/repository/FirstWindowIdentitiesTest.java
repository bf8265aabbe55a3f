package com.paubox.tracking.dashboard.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.rollup.Watermark;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;

/**
 * /retention's first window on an empty identities table whose statistics say so (analyzed while empty) looks its new
 * identities up by the unique index. Planned as a sequential scan of the empty table, every lookup read each row the
 * statement had inserted so far: quadratic in the window's new identities (30 s for the first 100,000 live events).
 * Everything here runs in one transaction that is rolled back: the shared database is left as it was.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class FirstWindowIdentitiesTest {

    private static final int BROWSERS = 3_000;

    @Inject
    Pool pool;

    @Test
    void aFirstWindowLooksItsNewIdentitiesUpByTheIndex() {
        Row stats = pool.getConnection().flatMap(conn -> conn.begin().flatMap(tx -> firstWindow(conn)
                .eventually(tx::rollback)).eventually(conn::close)).await().indefinitely();

        assertTrue(stats.getLong("identities") >= BROWSERS, "the window's browsers got ids");
        // the old plan scanned the table once per new identity (3,000 scans, ~4.5 million rows read); by the index, none
        assertEquals(0, stats.getLong("seq_scans"), "sequential scans of the identities (one per lookup, each reading every row inserted before it)");
    }

    /** Empty tables, a browser per event, the window folded; then the sequential scans of the identities it made. */
    private static Uni<Row> firstWindow(SqlConnection conn) {
        // emptied and analyzed empty, as a database-wide ANALYZE (vacuumdb -Z after a restore) leaves a new deployment's
        // tables: the planner then trusts that the identities are none, and a sequential scan looks cheapest
        return conn.query("TRUNCATE " + RetentionRollup.TABLES).execute().flatMap(x -> conn.query("ANALYZE " + RetentionRollup.IDENTITIES).execute())
                .flatMap(x -> conn.query("INSERT INTO analytics_events (event_id, occurred_at, received_at, type, anon_id, session_id, session_count,"
                        + " surface, page_path) SELECT gen_random_uuid(), now() - interval '2 hours', now(), 'page_view', gen_random_uuid(),"
                        + " gen_random_uuid(), 1, 'dashboard', '/first-window' FROM generate_series(1, " + BROWSERS + ")").execute())
                .flatMap(x -> conn.query("SELECT pg_current_xact_id()::text::bigint AS x, " + SEQ_SCANS + " AS before").execute())
                .map(rows -> rows.iterator().next())
                .flatMap(at -> RetentionRollup.foldWindow(conn, Watermark.START, Watermark.beforeTransaction(at.getLong("x") + 1))
                        // the scans first: counting the identities afterwards is one more
                        .flatMap(x -> conn.query("SELECT " + SEQ_SCANS + " - " + at.getLong("before") + " AS seq_scans").execute()))
                .flatMap(scans -> conn.query("SELECT " + scans.iterator().next().getLong("seq_scans") + "::bigint AS seq_scans, count(*) AS identities FROM "
                        + RetentionRollup.IDENTITIES).execute())
                .map(rows -> rows.iterator().next());
    }

    /** This transaction's sequential scans of the identities so far. */
    private static final String SEQ_SCANS = "(SELECT coalesce(sum(seq_scan), 0) FROM pg_stat_xact_user_tables WHERE relname = '" + RetentionRollup.IDENTITIES + "')";
}
