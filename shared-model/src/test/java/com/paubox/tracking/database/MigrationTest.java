package com.paubox.tracking.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The Flyway schema on a real PostgreSQL: partitions, idempotency, retention, no column for never-stored data. */
class MigrationTest {

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void migrate() {
        postgres = PostgresTestResource.startEmbedded();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void createsMonthlyPartitionsAheadAndADefault() throws SQLException {
        List<String> partitions = partitions();
        assertTrue(partitions.contains("analytics_events_default"), partitions.toString());
        assertTrue(partitions.stream().filter(p -> p.matches("analytics_events_\\d{4}_\\d{2}")).count() >= 5, partitions.toString());
        assertEquals(3, queryInt("SELECT analytics_ensure_partitions(date '2031-01-15', 3)"));
        assertEquals(0, queryInt("SELECT analytics_ensure_partitions(date '2031-01-01', 3)"), "idempotent");
        assertTrue(partitions().containsAll(List.of("analytics_events_2031_01", "analytics_events_2031_02", "analytics_events_2031_03")));
    }

    @Test
    void aRetriedEventIsStoredOnce() throws SQLException {
        String insert = "INSERT INTO analytics_events (event_id, occurred_at, type, anon_id, session_id, session_count, surface, page_path)"
                + " VALUES ('11111111-1111-4111-8111-111111111111', now(), 'page_view', gen_random_uuid(), gen_random_uuid(), 1, 'web', '/')"
                + " ON CONFLICT DO NOTHING";
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            s.execute("BEGIN");
            s.execute("CREATE TEMP TABLE t AS SELECT now() AS at");
            String fixed = insert.replace("now()", "(SELECT at FROM t)");
            assertEquals(1, s.executeUpdate(fixed));
            assertEquals(0, s.executeUpdate(fixed));
            s.execute("COMMIT");
        }
        assertEquals(1, queryInt("SELECT count(*) FROM analytics_events WHERE event_id = '11111111-1111-4111-8111-111111111111'"));
    }

    @Test
    void eventsOutsideThePartitionsLandInTheDefault() throws SQLException {
        execute("INSERT INTO analytics_events (event_id, occurred_at, type, anon_id, session_id, session_count, surface, page_path)"
                + " VALUES (gen_random_uuid(), '1999-06-01T00:00:00Z', 'click', gen_random_uuid(), gen_random_uuid(), 1, 'web', '/')");
        assertEquals(1, queryInt("SELECT count(*) FROM analytics_events_default WHERE occurred_at < '2000-01-01'"));
    }

    @Test
    void retentionDropsWholeOldPartitions() throws SQLException {
        assertEquals(1, queryInt("SELECT analytics_ensure_partitions(date '2020-03-01', 1)"));
        assertEquals(1, queryInt("SELECT analytics_drop_partitions_before(timestamptz '2020-04-01T00:00:00Z')"));
        assertTrue(!partitions().contains("analytics_events_2020_03"));
        assertTrue(partitions().contains("analytics_events_default"), "the default partition is never dropped");
    }

    @Test
    void noColumnForNeverStoredData() throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name IN ('analytics_events', 'audit_log')")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        assertTrue(columns.contains("page_path") && columns.contains("subject"), columns.toString());
        for (String forbidden : List.of("ip", "ip_address", "user_agent", "url", "query", "query_string", "hash", "email", "name", "phone", "ssn")) {
            assertTrue(columns.stream().noneMatch(c -> c.equals(forbidden)), forbidden + " must not be a column");
        }
    }

    private static List<String> partitions() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'analytics_events'::regclass")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static int queryInt(String sql) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
