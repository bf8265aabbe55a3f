package com.paubox.tracking.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Phase 1, the database's own limit: rows/s into the real analytics_events table (partitioned, its primary key and
 * five indexes — since V42 one on (xact_id, occurred_at) instead of one on received_at — and the xact_id default,
 * the storing transaction's id) on the same PostgreSQL the services use, by COPY and by multi-row INSERTs (plain
 * VALUES lists, and the ingest writer's own INSERT ... SELECT FROM UNNEST(arrays)).
 * Rows are generated before the clock starts; each method starts from an empty table after a CHECKPOINT.
 */
final class DbLimit {

    /**
     * The ingest writer's statement (ingest-service EventWriter.INSERT, as of issue 26's V41: clamped client times are
     * looked up in and remembered by analytics_clamped_events), with JDBC placeholders. The 25th array ({@code k}: the
     * client's time of a clamped event) is all nulls here, as for live traffic whose clocks are sane: each row still
     * pays the writer's lookup of a remembered time.
     */
    static final String UNNEST_INSERT = """
            WITH batch AS (
                SELECT u.*, k IS NOT NULL AND EXISTS (
                        SELECT 1 FROM analytics_events x WHERE x.event_id = u.e AND x.occurred_at = u.k) AS seen
                FROM UNNEST(?::uuid[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::uuid[], ?::uuid[],
                    ?::int[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                    AS u(e, o, r, t, a, s, sc, us, c, su, pp, d, v, l, el, h, ec, gci, grg, gco, br, os, dt, p, k)
            ), assigned AS (
                INSERT INTO analytics_clamped_events AS m (event_id, occurred_at)
                SELECT DISTINCT ON (e) e, o FROM batch WHERE k IS NOT NULL AND NOT seen ORDER BY e, o
                ON CONFLICT (event_id) DO UPDATE SET event_id = excluded.event_id
                RETURNING m.event_id, m.occurred_at
            )
            INSERT INTO analytics_events (event_id, occurred_at, received_at, type, anon_id, session_id, session_count,
                user_sub, customer_id, surface, page_path, duration_ms, visible_ms, label, element, href_path, error_code,
                geo_city, geo_region, geo_country, browser, os, device_type, properties)
            SELECT e, coalesce(assigned.occurred_at, remembered.occurred_at, o), r, t, a, s, sc, us, c, su, pp, d, v, l,
                el, h, ec, gci, grg, gco, br, os, dt, p::jsonb
            FROM batch
            LEFT JOIN assigned ON assigned.event_id = batch.e
            LEFT JOIN analytics_clamped_events remembered ON remembered.event_id = batch.e
            WHERE NOT seen
            ON CONFLICT DO NOTHING
            RETURNING event_id""";

    /** Schemas before V41 (no analytics_clamped_events): the writer's statement then. */
    static final String UNNEST_INSERT_BEFORE_V41 = """
            INSERT INTO analytics_events (event_id, occurred_at, received_at, type, anon_id, session_id, session_count,
                user_sub, customer_id, surface, page_path, duration_ms, visible_ms, label, element, href_path, error_code,
                geo_city, geo_region, geo_country, browser, os, device_type, properties)
            SELECT e, o, r, t, a, s, sc, us, c, su, pp, d, v, l, el, h, ec, gci, grg, gco, br, os, dt, p::jsonb
            FROM UNNEST(?::uuid[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::uuid[], ?::uuid[], ?::int[],
                ?::text[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[],
                ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[])
                AS u(e, o, r, t, a, s, sc, us, c, su, pp, d, v, l, el, h, ec, gci, grg, gco, br, os, dt, p)
            ON CONFLICT DO NOTHING""";

    private DbLimit() {
    }

    static void run(Args args) throws Exception {
        String db = args.required("db");
        String out = args.required("out");
        int rows = args.integer("rows", 400_000);
        int insertRows = args.integer("insert-rows", rows / 2);
        int batch = args.integer("batch", 500);
        int copyChunk = args.integer("copy-chunk", 50_000);

        System.out.printf("generating %,d rows ...%n", rows);
        String[][] data = StoredRows.generate(rows, 42);
        String pg;
        try (Connection c = Db.connect(db)) {
            pg = Db.stringQuery(c, "SHOW server_version");
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("phase", "machine");
            info.put("pg_version", pg);
            info.put("fsync", Db.stringQuery(c, "SHOW fsync"));
            info.put("synchronous_commit", Db.stringQuery(c, "SHOW synchronous_commit"));
            info.put("shared_buffers", Db.stringQuery(c, "SHOW shared_buffers"));
            info.put("max_wal_size", Db.stringQuery(c, "SHOW max_wal_size"));
            // what every insert below maintains besides the primary key (V42: (xact_id, occurred_at) replaced received_at)
            info.put("event_indexes", Db.longQuery(c, """
                    SELECT count(*) FROM pg_index WHERE indrelid = 'analytics_events'::regclass AND NOT indisprimary"""));
            info.put("event_index_columns", Db.stringQuery(c, """
                    SELECT string_agg(substring(pg_get_indexdef(indexrelid) FROM '\\(([^)]*)\\)'), '; ' ORDER BY indexrelid::regclass::text)
                    FROM pg_index WHERE indrelid = 'analytics_events'::regclass AND NOT indisprimary"""));
            Results.append(out, info);
        }
        for (int threads : new int[] { 1, 2 }) {
            record(out, "COPY (text), " + copyChunk / 1000 + "k rows per COPY", threads, rows, db,
                    (conn, from, to) -> copy(conn, data, from, to, copyChunk));
        }
        record(out, "multi-row INSERT ... VALUES, " + batch + " rows per statement", 2, insertRows, db,
                (conn, from, to) -> values(conn, data, from, to, batch));
        record(out, "INSERT ... SELECT FROM UNNEST(arrays), " + batch + " rows (the ingest writer's statement)", 2, insertRows, db,
                (conn, from, to) -> unnest(conn, data, from, to, batch));
        record(out, "single-row INSERT, autocommit (the baseline's pattern)", 2, Math.min(insertRows, args.integer("single-rows", 4_000)), db,
                (conn, from, to) -> single(conn, data, from, to));
        try (Connection c = Db.connect(db)) {
            Db.exec(c, "TRUNCATE analytics_events");
        }
    }

    interface Loader {
        void load(Connection conn, int from, int to) throws Exception;
    }

    private static void record(String out, String method, int threads, int rows, String db, Loader loader) throws Exception {
        try (Connection c = Db.connect(db)) {
            Db.exec(c, "TRUNCATE analytics_events");
            Db.exec(c, "CHECKPOINT");
        }
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Connection c = Db.connect(db);
            c.setAutoCommit(true);
            conns.add(c);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<Object>> futures = new ArrayList<>();
            int per = rows / threads;
            for (int t = 0; t < threads; t++) {
                int from = t * per;
                int to = t == threads - 1 ? rows : from + per;
                Connection conn = conns.get(t);
                futures.add(pool.submit((Callable<Object>) () -> {
                    loader.load(conn, from, to);
                    return null;
                }));
            }
            for (Future<Object> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long stored;
        try (Connection c = Db.connect(db)) {
            stored = Db.count(c);
        }
        for (Connection c : conns) {
            c.close();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("phase", "dblimit");
        r.put("method", method);
        r.put("connections", threads);
        r.put("rows", stored);
        r.put("seconds", round(seconds, 2));
        r.put("rows_per_s", Math.round(stored / seconds));
        Results.append(out, r);
        if (stored != rows) {
            throw new IllegalStateException(method + ": expected " + rows + " rows, found " + stored);
        }
    }

    static void copy(Connection conn, String[][] data, int from, int to, int chunk) throws Exception {
        CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
        String sql = "COPY analytics_events (" + String.join(", ", StoredRows.COLUMNS) + ") FROM STDIN";
        // encode before timing each chunk would hide the client's cost; encoding is part of a bulk load
        for (int start = from; start < to; start += chunk) {
            int end = Math.min(to, start + chunk);
            StringBuilder sb = new StringBuilder((end - start) * 320);
            for (int i = start; i < end; i++) {
                String[] row = data[i];
                for (int c = 0; c < row.length; c++) {
                    if (c > 0) {
                        sb.append('\t');
                    }
                    sb.append(row[c] == null ? "\\N" : row[c]); // generated values hold no tab, newline or backslash
                }
                sb.append('\n');
            }
            copy.copyIn(sql, new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    static void values(Connection conn, String[][] data, int from, int to, int batch) throws Exception {
        String full = valuesSql(batch);
        try (PreparedStatement ps = conn.prepareStatement(full)) {
            for (int start = from; start < to; start += batch) {
                int end = Math.min(to, start + batch);
                if (end - start != batch) {
                    try (PreparedStatement last = conn.prepareStatement(valuesSql(end - start))) {
                        bindValues(last, data, start, end);
                        last.executeUpdate();
                    }
                } else {
                    bindValues(ps, data, start, end);
                    ps.executeUpdate();
                }
            }
        }
    }

    private static String valuesSql(int n) {
        StringBuilder sb = new StringBuilder("INSERT INTO analytics_events (").append(String.join(", ", StoredRows.COLUMNS)).append(") VALUES ");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "(" : ",(");
            for (int c = 0; c < StoredRows.COLUMNS.length; c++) {
                sb.append(c == 0 ? "" : ",").append("?::").append(StoredRows.TYPES[c]);
            }
            sb.append(')');
        }
        return sb.append(" ON CONFLICT DO NOTHING").toString();
    }

    private static void bindValues(PreparedStatement ps, String[][] data, int start, int end) throws Exception {
        int p = 1;
        for (int i = start; i < end; i++) {
            for (String v : data[i]) {
                ps.setString(p++, v);
            }
        }
    }

    static void unnest(Connection conn, String[][] data, int from, int to, int batch) throws Exception {
        boolean clamped = Db.stringQuery(conn, "SELECT to_regclass('analytics_clamped_events')::text") != null;
        try (PreparedStatement ps = conn.prepareStatement(clamped ? UNNEST_INSERT : UNNEST_INSERT_BEFORE_V41)) {
            for (int start = from; start < to; start += batch) {
                int end = Math.min(to, start + batch);
                int n = end - start;
                for (int c = 0; c < StoredRows.COLUMNS.length; c++) {
                    String[] column = new String[n];
                    for (int i = 0; i < n; i++) {
                        column[i] = data[start + i][c];
                    }
                    String type = StoredRows.TYPES[c].equals("jsonb") ? "text" : StoredRows.TYPES[c];
                    Array array = conn.createArrayOf(type, column);
                    ps.setArray(c + 1, array);
                }
                if (clamped) {
                    // no clamped times: the client clocks of generated rows are within the last hour
                    ps.setArray(StoredRows.COLUMNS.length + 1, conn.createArrayOf("timestamptz", new String[n]));
                    // RETURNING event_id, as the writer counts what it stored
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            // drained
                        }
                    }
                } else {
                    ps.executeUpdate();
                }
            }
        }
    }

    static void single(Connection conn, String[][] data, int from, int to) throws Exception {
        try (PreparedStatement ps = conn.prepareStatement(valuesSql(1).replace(" ON CONFLICT DO NOTHING", ""))) {
            for (int i = from; i < to; i++) {
                bindValues(ps, data, i, i + 1);
                ps.executeUpdate();
            }
        }
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
