package com.paubox.tracking.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Phase 4 (set-up): seeds N events spread uniformly over the last D days, straight in SQL
 * (generate_series, not HTTP): N/10 sessions of 10 events within 20 minutes each, starting uniformly over
 * the range in session order (so the table is stored in received order, as the ingest service stores live traffic), from 300,000 browsers (skewed: a few are very active), 5,000 customers, signed-in users,
 * 400 templated paths (skewed popularity), 200 click labels,
 * the same type mix as the load (45 % page views, 30 % clicks, 18 % time on page, 5 % / 2 % login
 * success / failure). The standard bulk-load recipe: drop the table's primary key and indexes, insert in
 * parallel chunks, rebuild exactly the same primary key and indexes (their definitions are read from the
 * catalog first and checked afterwards), then VACUUM ANALYZE.
 */
final class Seed {

    static final int VISITORS = 300_000;
    static final int CUSTOMERS = 5_000;

    private Seed() {
    }

    /** Events per session: every session is 10 events within its first 20 minutes. */
    static final int EVENTS_PER_SESSION = 10;

    static String chunkSql(long lo, long hi, int days, long events) {
        long sessions = Math.max(1, events / EVENTS_PER_SESSION);
        // Row g belongs to session k = g / 10. Session attributes come from multiplicative hashes of k (the
        // same for the session's 10 rows); per-event attributes from random().
        return """
                INSERT INTO analytics_events (event_id, occurred_at, received_at, type, anon_id, session_id, session_count,
                    user_sub, customer_id, surface, page_path, duration_ms, visible_ms, label, element, href_path, error_code,
                    geo_city, geo_region, geo_country, browser, os, device_type, properties)
                SELECT gen_random_uuid(), y.ts, y.ts + interval '200 milliseconds', y.type,
                    ('00000000-0000-4000-8000-' || lpad(to_hex(y.v), 12, '0'))::uuid,
                    ('00000000-0000-4000-9000-' || lpad(to_hex(y.k), 12, '0'))::uuid,
                    1 + y.k %% 12,
                    CASE WHEN y.signed THEN 'auth0|u' || y.v END,
                    CASE WHEN y.surface <> 'marketing' THEN 1 + (y.v::bigint * 7919) %% %d END,
                    y.surface,
                    CASE WHEN y.type LIKE 'login%%' THEN '/login' ELSE p.paths[1 + y.pi] END,
                    CASE WHEN y.type = 'time_on_page' THEN y.dur END,
                    CASE WHEN y.type = 'time_on_page' THEN (y.dur * y.vis)::int END,
                    CASE WHEN y.type = 'click' THEN 'btn_' || y.li END,
                    CASE WHEN y.type = 'click' THEN (ARRAY['button','a','input','div'])[1 + y.li %% 4] END,
                    CASE WHEN y.type = 'click' AND y.li %% 2 = 0 THEN p.paths[1 + (y.pi + y.li) %% 400] END,
                    CASE WHEN y.type = 'login_failure' THEN (ARRAY['invalid_grant','access_denied','too_many_attempts','mfa_required'])[1 + y.li %% 4] END,
                    CASE WHEN y.type LIKE 'login%%' THEN (ARRAY['London','New York','Austin','Toronto','Berlin'])[1 + y.v %% 5] END,
                    CASE WHEN y.type LIKE 'login%%' THEN (ARRAY['ENG','NY','TX','ON','BE'])[1 + y.v %% 5] END,
                    CASE WHEN y.type LIKE 'login%%' THEN (ARRAY['GB','US','US','CA','DE'])[1 + y.v %% 5] END,
                    CASE WHEN y.type LIKE 'login%%' THEN (ARRAY['Chrome','Safari','Firefox','Edge'])[1 + y.v %% 4] END,
                    CASE WHEN y.type LIKE 'login%%' THEN (ARRAY['Windows','macOS','iOS','Android','Linux'])[1 + y.v %% 5] END,
                    CASE WHEN y.type LIKE 'login%%' THEN (ARRAY['desktop','desktop','mobile','tablet'])[1 + y.v %% 4] END,
                    CASE WHEN y.type = 'page_view' AND y.li < 10 THEN jsonb_build_object('plan', 'encrypted_email', 'cohort', y.li) END
                FROM (
                    SELECT x.*,
                        CASE WHEN x.rt < 0.45 THEN 'page_view' WHEN x.rt < 0.75 THEN 'click' WHEN x.rt < 0.93 THEN 'time_on_page'
                             WHEN x.rt < 0.98 THEN 'login_success' ELSE 'login_failure' END AS type,
                        (ARRAY['dashboard','dashboard','dashboard','marketing','admin','mobile'])[1 + x.v %% 6] AS surface,
                        (x.v %% 10 < 7 AND x.v %% 6 <> 3) AS signed
                    FROM (
                        SELECT g, k,
                            -- sessions start in order over the range (ending before now), so rows are stored in
                            -- received order as live traffic is; its events within 20 minutes
                            now() - interval '20 minutes' - (1 - k / %d.0) * (interval '%d days' - interval '20 minutes')
                                + random() * interval '20 minutes' AS ts,
                            -- the browser: skewed, a few are very active
                            floor(power(((k * 2246822519 + 11) %% 4294967296) / 4294967296.0, 2) * %d)::int AS v,
                            random() AS rt,
                            floor(power(random(), 2.5) * 400)::int AS pi,
                            floor(random() * 200)::int AS li,
                            floor(random() * 600000)::int AS dur,
                            random() AS vis
                        FROM (SELECT g, g / %d AS k FROM generate_series(%d, %d) g) s
                        OFFSET 0
                    ) x
                ) y,
                (SELECT array_agg('/' || (ARRAY['messages','patients','billing','settings','reports','compose','contacts','admin','blog','features'])[1 + i %% 10]
                        || '/' || (ARRAY['inbox','sent','chart','notes','invoices','profile','security','delivery','users','view',
                                         'edit','list','export','history','drafts','archive','search','new','summary','detail'])[1 + (i / 10) %% 20]
                        || CASE WHEN i >= 200 THEN '/:id' ELSE '' END ORDER BY i) AS paths
                 FROM generate_series(0, 399) i) p
                """.formatted(CUSTOMERS, sessions, days, VISITORS, EVENTS_PER_SESSION, lo, hi);
    }

    static void run(Args args) throws Exception {
        String db = args.required("db");
        String out = args.required("out");
        long events = args.longValue("events", 10_000_000L);
        int days = args.integer("days", 30);
        int threads = args.integer("threads", 2);
        long chunk = args.longValue("chunk", 500_000L);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("phase", "seed");
        r.put("events", events);
        r.put("days", days);
        long t0 = System.nanoTime();
        List<String> indexDefs = new ArrayList<>();
        String pkName;
        String pkDef;
        try (Connection c = Db.connect(db)) {
            Db.exec(c, "TRUNCATE analytics_events");
            Db.exec(c, "SELECT analytics_ensure_partitions((now() - interval '" + (days + 1) + " days')::date, 3)");
            // more WAL between checkpoints while seeding only (reset below; the load phases ran with the defaults)
            Db.exec(c, "ALTER SYSTEM SET max_wal_size = '8GB'");
            Db.exec(c, "SELECT pg_reload_conf()");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE conrelid = 'analytics_events'::regclass AND contype = 'p'""")) {
                rs.next();
                pkName = rs.getString(1);
                pkDef = rs.getString(2);
            }
            List<String> names = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                    WHERE x.indrelid = 'analytics_events'::regclass AND NOT x.indisprimary ORDER BY i.relname""")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    indexDefs.add(rs.getString(2));
                }
            }
            for (String name : names) {
                Db.exec(c, "DROP INDEX " + name);
            }
            Db.exec(c, "ALTER TABLE analytics_events DROP CONSTRAINT " + pkName);
        }

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        List<Connection> conns = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            conns.add(Db.connect(db));
        }
        java.util.concurrent.BlockingQueue<Connection> free = new java.util.concurrent.LinkedBlockingQueue<>(conns);
        for (long lo = 1; lo <= events; lo += chunk) {
            long hi = Math.min(events, lo + chunk - 1);
            String sql = chunkSql(lo, hi, days, events);
            long n = hi - lo + 1;
            futures.add(pool.submit(() -> {
                Connection c = free.take();
                try {
                    Db.exec(c, "SET synchronous_commit = on");
                    Db.exec(c, sql);
                } finally {
                    free.add(c);
                }
                long total = done.addAndGet(n);
                System.out.printf("seeded %,d / %,d%n", total, events);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        for (Connection c : conns) {
            c.close();
        }
        long t1 = System.nanoTime();
        r.put("insert_s", DbLimit.round((t1 - t0) / 1e9, 1));

        try (Connection c = Db.connect(db)) {
            Db.exec(c, "SET maintenance_work_mem = '1GB'");
            Db.exec(c, "SET max_parallel_maintenance_workers = 2");
            Db.exec(c, "ALTER TABLE analytics_events ADD CONSTRAINT " + pkName + " " + pkDef);
            for (String def : indexDefs) {
                // pg_get_indexdef of a partitioned table's index says "ON ONLY": that would build an invalid parent
                // index and none on the partitions
                Db.exec(c, def.replace(" ON ONLY ", " ON "));
            }
            long t2 = System.nanoTime();
            r.put("index_s", DbLimit.round((t2 - t1) / 1e9, 1));
            Db.exec(c, "VACUUM (ANALYZE) analytics_events");
            long t3 = System.nanoTime();
            r.put("vacuum_analyze_s", DbLimit.round((t3 - t2) / 1e9, 1));
            Db.exec(c, "ALTER SYSTEM RESET max_wal_size");
            Db.exec(c, "SELECT pg_reload_conf()");
            // the schema is exactly as migrated
            List<String> after = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                    WHERE x.indrelid = 'analytics_events'::regclass AND NOT x.indisprimary ORDER BY i.relname""")) {
                while (rs.next()) {
                    after.add(rs.getString(1));
                }
            }
            if (!after.equals(indexDefs)) {
                throw new IllegalStateException("indexes differ after the seed: " + after + " vs " + indexDefs);
            }
            long invalid = Db.longQuery(c, """
                    SELECT count(*) FROM pg_inherits i JOIN pg_index x ON x.indrelid IN (i.inhparent, i.inhrelid)
                    WHERE i.inhparent = 'analytics_events'::regclass AND NOT x.indisvalid""");
            if (invalid > 0) {
                throw new IllegalStateException(invalid + " invalid index(es) on analytics_events after the seed");
            }
            // distinct values: the planner's estimates from ANALYZE of the whole partitioned table (exact counts would
            // cost a minute)
            long rows = Db.count(c);
            r.put("rows", rows);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                    SELECT attname, n_distinct FROM pg_stats
                    WHERE tablename = 'analytics_events' AND inherited
                      AND attname IN ('customer_id', 'user_sub', 'page_path', 'anon_id', 'session_id')""")) {
                while (rs.next()) {
                    String key = switch (rs.getString(1)) {
                        case "customer_id" -> "customers";
                        case "user_sub" -> "users";
                        case "page_path" -> "paths";
                        case "anon_id" -> "browsers";
                        default -> "sessions";
                    };
                    double nd = rs.getDouble(2);
                    r.put(key, Math.round(nd < 0 ? -nd * rows : nd));
                }
            }
            r.put("table_size_mb", Db.longQuery(c, """
                    SELECT sum(pg_total_relation_size(inhrelid)) / 1048576 FROM pg_inherits
                    WHERE inhparent = 'analytics_events'::regclass"""));
            r.put("first_day", Db.stringQuery(c, "SELECT min(occurred_at)::date::text FROM analytics_events"));
            r.put("last_day", Db.stringQuery(c, "SELECT max(occurred_at)::date::text FROM analytics_events"));
        }
        r.put("total_s", DbLimit.round((System.nanoTime() - t0) / 1e9, 1));
        Results.append(out, r);
    }
}
