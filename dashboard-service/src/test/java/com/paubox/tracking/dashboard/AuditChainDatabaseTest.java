package com.paubox.tracking.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;

import com.paubox.tracking.dashboard.audit.AuditChain;
import com.paubox.tracking.dashboard.audit.AuditChainRow;
import com.paubox.tracking.dashboard.audit.AuditEntry;
import com.paubox.tracking.dashboard.audit.AuditHeadPublisher;
import com.paubox.tracking.dashboard.audit.AuditRepository;
import com.paubox.tracking.dashboard.audit.AuditRetentionJob;
import com.paubox.tracking.dashboard.audit.AuditVerification;
import com.paubox.tracking.dashboard.audit.AuditVerifier;
import com.paubox.tracking.database.PostgresTestResource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The chain on a real PostgreSQL of its own, outside Quarkus: rows chained by SQL (the V35 migration, the
 * trigger) re-computed by the Java verifier; two "service instances" (two Vert.x instances with their own
 * pools and repositories) appending at once; the per-call cost of the chained insert; verification speed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditChainDatabaseTest {

    static EmbeddedPostgres postgres;
    static final List<Vertx> vertxes = new ArrayList<>();

    @BeforeAll
    static void migrateWithExistingRows() throws SQLException {
        postgres = PostgresTestResource.startEmbedded();
        // the schema as it was before the chain, with rows in it
        Flyway flyway = Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load();
        String beforeChain = Arrays.stream(flyway.info().all()).map(m -> m.getVersion())
                .filter(v -> v.compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion("35")) < 0).max(Comparable::compareTo).orElseThrow().getVersion();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target(beforeChain).load().migrate();
        execute("INSERT INTO audit_log (occurred_at, subject, method, endpoint, query_params, status) VALUES "
                + "('2026-01-02T03:04:05.123456Z', 'auth0|first', 'GET', '/api/admin/analytics/pages', '{\"limit\":\"20\",\"surface\":[\"a\",\"b\"]}', 200),"
                + "('2026-01-02T03:04:06Z', NULL, 'GET', '/api/admin/analytics/overview', '{}', 401),"
                + "('1999-12-31T23:59:59.999999+05:00', 'auth0|ünïcødé ✓', 'DELETE', '/api/admin/analytics/users/auth0|x\uFFFDy', "
                + "'{\"zz\":\"1\",\"a\":\"\\\"quoted\\\" \\\\ back\",\"é\":\"x\"}', 403)");
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Vertx vertx : vertxes) {
            vertx.closeAndAwait();
        }
        postgres.close();
    }

    @Test
    @Order(1)
    void rowsChainedByTheMigrationVerifyInJava() throws SQLException {
        List<AuditChainRow> rows = chain();
        assertEquals(3, rows.size());
        assertArrayEquals(AuditChain.GENESIS, rows.get(0).prevHash());
        assertEquals(List.of(1L, 2L, 3L), rows.stream().map(AuditChainRow::seq).toList());
        assertNull(firstBroken(rows));
        // the check can fail: the same row with one field changed does not match its stored hash
        AuditChainRow r = rows.get(1);
        AuditChainRow changed = new AuditChainRow(r.seq(), r.id(), r.occurredAtMicros(), r.subject(), r.method(), r.endpoint(), r.queryParamsJson(),
                200, r.prevHash(), r.hash());
        assertFalse(Arrays.equals(new AuditChain().hash(r.prevHash(), changed), r.hash()));
    }

    @Test
    @Order(2)
    void rowsChainedByTheTriggerVerifyInJavaIncludingMultiRowInserts() throws SQLException {
        execute("INSERT INTO audit_log (subject, method, endpoint, query_params, status) VALUES "
                + "('auth0|a', 'GET', '/api/x', '{\"k\":\"v\"}', 200), (NULL, 'POST', '/api/y', '{}', 405), ('s', 'GET', '/api/z\n=1', '{}', 404)");
        List<AuditChainRow> rows = chain();
        assertEquals(6, rows.size());
        assertNull(firstBroken(rows));
        // the Java verifier over the reactive client agrees
        AuditVerification result = verifier(pool(2)).verify().await().indefinitely();
        assertTrue(result.ok(), result.toString());
        assertEquals(6, result.rows());
        assertTrue(result.anchor().genesis());
    }

    @Test
    @Order(3)
    void twoInstancesAppendingAtOnceKeepOneChain() throws SQLException {
        AuditRepository first = new AuditRepository(pool(8));
        AuditRepository second = new AuditRepository(pool(8));
        long before = count();
        int perInstance = 1_000;
        List<Uni<Void>> writes = new ArrayList<>();
        for (int i = 0; i < perInstance; i++) {
            writes.add(first.insert(entry("auth0|instance-a", i)));
            writes.add(second.insert(entry("auth0|instance-b", i)));
        }
        // all 2,000 inserts in flight at once over 16 connections of two independent clients
        Uni.join().all(writes).andFailFast().await().indefinitely();
        assertEquals(before + 2 * perInstance, count());
        List<AuditChainRow> rows = chain();
        assertNull(firstBroken(rows));
        assertEquals(rows.size(), rows.get(rows.size() - 1).seq(), "seq is 1..n with no gap");
        // the appends really interleaved (else this test would prove nothing about concurrency)
        long switches = 0;
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).subject() != null && rows.get(i - 1).subject() != null && !rows.get(i).subject().equals(rows.get(i - 1).subject())) {
                switches++;
            }
        }
        assertTrue(switches > 10, "instances interleaved " + switches + " times");
        AuditVerification result = verifier(pool(2)).verify().await().indefinitely();
        assertTrue(result.ok(), result.toString());
    }

    @Test
    @Order(4)
    void costOfTheChainedInsertPerCall() throws SQLException {
        // "before": the table as it was without the chain (same columns, defaults and indexes, no trigger)
        execute("CREATE TABLE audit_log_unchained (LIKE audit_log INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)");
        execute("ALTER TABLE audit_log_unchained DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN row_hash");
        Pool pool = pool(8);
        AuditRepository repository = new AuditRepository(pool);
        io.vertx.mutiny.sqlclient.PreparedQuery<io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row>> unchained = pool
                .preparedQuery("INSERT INTO audit_log_unchained (subject, method, endpoint, query_params, status) VALUES ($1, $2, $3, $4, $5)");
        Supplier<Uni<Void>> before = () -> unchained.execute(io.vertx.mutiny.sqlclient.Tuple.of("auth0|bench", "GET", "/api/admin/analytics/pages",
                new io.vertx.core.json.JsonObject().put("limit", "20"), 200)).replaceWithVoid();
        Supplier<Uni<Void>> after = () -> repository.insert(entry("auth0|bench", 20));
        int n = 2_000;
        for (int round = 0; round < 2; round++) { // the first round warms up
            double seqBefore = sequentialMicros(before, n);
            double seqAfter = sequentialMicros(after, n);
            double parBefore = concurrentMicros(before, n);
            double parAfter = concurrentMicros(after, n);
            System.out.printf("audit insert cost (round %d, %d calls): one at a time %.0f µs/call unchained → %.0f µs/call chained; "
                    + "all in flight over 8 connections %.0f µs/call → %.0f µs/call%n", round, n, seqBefore, seqAfter, parBefore, parAfter);
        }
        assertNull(firstBroken(chain()));
    }

    @Test
    @Order(5)
    void verificationSpeed() throws Exception {
        int n = 500_000;
        bulkAppend(n);
        Pool pool = pool(2);
        AuditVerifier verifier = verifier(pool);
        AuditVerification result = null;
        for (int round = 0; round < 2; round++) {
            result = verifier.verify().await().indefinitely();
            System.out.printf("audit verify: %d rows in %d ms = %,d rows/s (ok=%s)%n", result.rows(), result.millis(), result.rowsPerSecond(), result.ok());
            assertTrue(result.ok(), result.toString());
        }
        assertEquals(count(), result.rows());
        // and it still finds a change among half a million rows
        execute("UPDATE audit_log SET status = 500 WHERE seq = 377777");
        AuditVerification broken = verifier.verify().await().indefinitely();
        assertFalse(broken.ok());
        assertEquals(idAt(377_777), broken.firstBrokenId());
        // the seq ranges are verified at once (AuditVerifier.SEGMENTS) and joined: a row removed at the end of
        // the first range is found as one pass finds it, at the next row (the first of the second range)
        long first = seqBound("min");
        long secondRange = first + (seqBound("max") - first + AuditVerifier.SEGMENTS) / AuditVerifier.SEGMENTS;
        long next = idAt(secondRange);
        execute("DELETE FROM audit_log WHERE seq = " + (secondRange - 1));
        AuditVerification cut = verifier.verify().await().indefinitely();
        assertFalse(cut.ok());
        assertEquals(next, cut.firstBrokenId());
        assertEquals(count(), cut.rows());
    }

    /** The grants of docs/deploy.md ("Audit log grants"): append and read, delete only what is past retention, never update. */
    @Test
    @Order(6)
    void productionGrantsAllowAppendReadAndExpiryOnly() throws SQLException {
        execute("CREATE ROLE dashboard LOGIN");
        execute("GRANT SELECT, INSERT ON audit_log TO dashboard");
        // the recommended grant: the service's retention job is refused, and nothing is deleted
        long before = count();
        Throwable refused = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class,
                () -> new AuditRetentionJob(new AuditRepository(pool(1, "dashboard")), 1).run().await().indefinitely());
        assertEquals("42501", ((io.vertx.pgclient.PgException) refused).getSqlState());
        assertEquals(before, count());
        // the alternative: DELETE limited to rows past retention by row-level security
        execute("GRANT DELETE ON audit_log TO dashboard");
        execute("ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY");
        execute("CREATE POLICY audit_read ON audit_log FOR SELECT TO dashboard USING (true)");
        execute("CREATE POLICY audit_append ON audit_log FOR INSERT TO dashboard WITH CHECK (true)");
        execute("CREATE POLICY audit_expire ON audit_log FOR DELETE TO dashboard USING (occurred_at < now() - interval '2190 days')");
        execute("INSERT INTO audit_log (occurred_at, subject, method, endpoint, status) VALUES (now() - interval '7 years', 'auth0|ancient', 'GET', '/api/a', 200)");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "dashboard", "");
                Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("INSERT INTO audit_log (subject, method, endpoint, status) VALUES ('auth0|recent', 'GET', '/api/b', 200)"));
            assertEquals("42501", sqlState(() -> s.executeUpdate("UPDATE audit_log SET status = 200 WHERE subject = 'auth0|recent'")));
            assertEquals("42501", sqlState(() -> s.executeUpdate("TRUNCATE audit_log")));
            assertEquals(0, s.executeUpdate("DELETE FROM audit_log WHERE subject = 'auth0|recent'"), "nothing younger than the retention");
            assertEquals(1, s.executeUpdate("DELETE FROM audit_log WHERE subject = 'auth0|ancient'"));
        }
        List<AuditChainRow> rows = chain();
        AuditChainRow recent = rows.get(rows.size() - 1);
        assertEquals("auth0|recent", recent.subject());
        assertArrayEquals(recent.hash(), new AuditChain().hash(recent.prevHash(), recent), "the row the dashboard role appended is chained");
    }

    interface SqlCall {
        void run() throws SQLException;
    }

    private static String sqlState(SqlCall call) {
        try {
            call.run();
            return "succeeded";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    /** Appends n rows chained by Java (disabled trigger, COPY): a large chain in seconds rather than minutes. */
    private static void bulkAppend(int n) throws Exception {
        List<AuditChainRow> existing = chain();
        AuditChainRow head = existing.get(existing.size() - 1);
        AuditChain chain = new AuditChain();
        StringBuilder copy = new StringBuilder(n * 220);
        byte[] prev = head.hash();
        long seq = head.seq();
        long id = maxId();
        long micros = AuditChain.micros(OffsetDateTime.now(ZoneOffset.UTC)) - n * 1000L;
        for (int i = 0; i < n; i++) {
            seq++;
            id++;
            micros += 1000;
            String params = "{\"limit\": \"" + (i % 100) + "\", \"metric\": \"page_views\"}";
            AuditChainRow row = new AuditChainRow(seq, id, micros, "auth0|64f1c2d3e4b5a69788" + (i % 1000), "GET", "/api/admin/analytics/timeseries",
                    params, 200, prev, null);
            byte[] hash = chain.hash(prev, row);
            copy.append(id).append('\t').append(seq).append('\t').append(micros).append('\t').append(row.subject()).append('\t')
                    .append(row.endpoint()).append('\t').append(params).append('\t').append("\\\\x").append(AuditChain.hex(prev))
                    .append('\t').append("\\\\x").append(AuditChain.hex(hash)).append('\n');
            prev = hash;
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain");
            s.execute("CREATE TEMP TABLE bulk (id bigint, seq bigint, micros bigint, subject text, endpoint text, params jsonb, prev_hash bytea, row_hash bytea)");
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bulk FROM STDIN", new StringReader(copy.toString()));
            s.execute("INSERT INTO audit_log (id, seq, occurred_at, subject, method, endpoint, query_params, status, prev_hash, row_hash) OVERRIDING SYSTEM VALUE "
                    + "SELECT id, seq, to_timestamp(0) + micros * interval '1 microsecond', subject, 'GET', endpoint, params, 200, prev_hash, row_hash FROM bulk");
            s.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_chain");
            s.execute("SELECT setval(pg_get_serial_sequence('audit_log', 'id'), (SELECT max(id) FROM audit_log))");
            c.commit();
        }
        execute("VACUUM ANALYZE audit_log");
    }

    private static double sequentialMicros(Supplier<Uni<Void>> call, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            call.get().await().indefinitely();
        }
        return (System.nanoTime() - start) / 1000.0 / n;
    }

    private static double concurrentMicros(Supplier<Uni<Void>> call, int n) {
        List<Uni<Void>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(call.get());
        }
        long start = System.nanoTime();
        Uni.join().all(calls).andFailFast().await().indefinitely();
        return (System.nanoTime() - start) / 1000.0 / n;
    }

    private static AuditEntry entry(String subject, int i) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("limit", List.of(Integer.toString(i)));
        return new AuditEntry(subject, "GET", "/api/admin/analytics/pages", params, 200);
    }

    private static AuditVerifier verifier(Pool pool) {
        AuditRepository repository = new AuditRepository(pool);
        return new AuditVerifier(repository, new AuditHeadPublisher(repository, new SimpleMeterRegistry()), postgres.getPostgresDatabase());
    }

    /** A client of its own, like a separate service instance's. */
    private static Pool pool(int size) {
        return pool(size, "postgres");
    }

    private static Pool pool(int size, String user) {
        Vertx vertx = Vertx.vertx();
        vertxes.add(vertx);
        PgConnectOptions connect = new PgConnectOptions().setHost("localhost").setPort(postgres.getPort()).setDatabase("postgres").setUser(user);
        return Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(connect).using(vertx.getDelegate()).build());
    }

    /** The whole chain as JDBC reads it (independent of the reactive client). */
    static List<AuditChainRow> chain() throws SQLException {
        List<AuditChainRow> rows = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq, id, occurred_at, subject, method, endpoint, query_params::text, status, prev_hash, row_hash "
                        + "FROM audit_log ORDER BY seq")) {
            while (rs.next()) {
                rows.add(new AuditChainRow(rs.getLong(1), rs.getLong(2), AuditChain.micros(rs.getObject(3, OffsetDateTime.class)), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getBytes(9), rs.getBytes(10)));
            }
        }
        return rows;
    }

    /** The id of the first row that does not link to its predecessor or does not carry its own hash. */
    static Long firstBroken(List<AuditChainRow> rows) {
        AuditChain chain = new AuditChain();
        byte[] prev = rows.isEmpty() ? null : rows.get(0).prevHash();
        for (AuditChainRow row : rows) {
            if (!Arrays.equals(prev, row.prevHash()) || !Arrays.equals(chain.hash(prev, row), row.hash())) {
                return row.id();
            }
            prev = row.hash();
        }
        return null;
    }

    private static long count() throws SQLException {
        return queryLong("SELECT count(*) FROM audit_log");
    }

    private static long maxId() throws SQLException {
        return queryLong("SELECT max(id) FROM audit_log");
    }

    private static long seqBound(String aggregate) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + aggregate + "(seq) FROM audit_log")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long idAt(long seq) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); PreparedStatement s = c.prepareStatement("SELECT id FROM audit_log WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long queryLong(String sql) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
