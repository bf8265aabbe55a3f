package com.paubox.tracking.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 26, "erasure bounded": a subject active on every day of the seeded history — {@code --per-day} (default 4) events a day,
 * copies of seeded events (same surface, customer, page, label, …: shared cells) in different hours — is folded, then
 * erased through {@code DELETE /api/admin/analytics/users/{sub}} with the dashboard as shipped. Records the erasure's
 * time, the rollup lag while it ran and just after (live events are inserted meanwhile, one every 200 ms, so the lag
 * means something), and whether the every-surface day rows' counters still equal the raw events after it.
 */
final class Erasure {

    static final String SUB = "bench|erase-every-day";

    private Erasure() {
    }

    static void run(Args args) throws Exception {
        String base = args.required("url");
        String db = args.required("db");
        int perDay = (int) args.longValue("per-day", 4);
        HttpClient http = HttpClient.newHttpClient();
        String token = DashboardBench.get(http, args.required("token-url"), null).body().trim();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("phase", "erasure");
        try (Connection c = Db.connect(db)) {
            long inserted = Db.longQuery(c, """
                    WITH days AS (SELECT generate_series(date_trunc('day', min(occurred_at)), date_trunc('day', max(occurred_at)), interval '1 day') AS d
                                  FROM analytics_events),
                    picked AS (
                        INSERT INTO analytics_events (event_id, occurred_at, type, anon_id, session_id, session_count, user_sub, customer_id, surface,
                            page_path, duration_ms, visible_ms, label, element, href_path, error_code, geo_city, geo_region, geo_country, browser, os,
                            device_type)
                        SELECT gen_random_uuid(), e.occurred_at + interval '1 millisecond', e.type, md5('erase-anon')::uuid,
                            md5('erase-session' || days.d)::uuid, 1, '%s', e.customer_id, e.surface, e.page_path, e.duration_ms, e.visible_ms,
                            e.label, e.element, e.href_path, e.error_code, e.geo_city, e.geo_region, e.geo_country, e.browser, e.os, e.device_type
                        FROM days, generate_series(0, %d - 1) h,
                            LATERAL (SELECT * FROM analytics_events x
                                     WHERE x.type = (ARRAY['page_view', 'click', 'page_view', 'login_success', 'time_on_page'])[1 + h %% 5]
                                       AND x.occurred_at >= days.d + (h * 7 %% 24) * interval '1 hour'
                                       AND x.occurred_at < days.d + (h * 7 %% 24 + 1) * interval '1 hour' LIMIT 1) e
                        RETURNING 1)
                    SELECT count(*) FROM picked""".formatted(SUB, perDay));
            r.put("subject_events", inserted);
            r.put("days", Db.longQuery(c, "SELECT count(DISTINCT date_trunc('day', occurred_at)) FROM analytics_events WHERE user_sub = '" + SUB + "'"));
            waitFolded(c, 600);

            AtomicBoolean live = new AtomicBoolean(true);
            AtomicLong maxLagMs = new AtomicLong();
            Thread traffic = new Thread(() -> liveTraffic(db, base, http, live, maxLagMs));
            traffic.start();
            long t0 = System.nanoTime();
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/analytics/users/"
                    + java.net.URLEncoder.encode(SUB, java.nio.charset.StandardCharsets.UTF_8))).timeout(Duration.ofMinutes(10))
                    .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - t0) / 1e9;
            // the lag right after: the job resumes; 30 s for it to fold what came meanwhile
            Thread.sleep(30_000);
            live.set(false);
            traffic.join();
            r.put("status", resp.statusCode());
            r.put("body", resp.body());
            r.put("seconds", DbLimit.round(seconds, 2));
            r.put("max_lag_seconds", DbLimit.round(maxLagMs.get() / 1000.0, 1));
            waitFolded(c, 120);
            r.put("day_rows_equal_raw_events", Db.longQuery(c, """
                    SELECT count(*) FROM (
                        SELECT bucket, sum(page_views + clicks + login_successes + login_failures) AS n FROM analytics_rollup_totals
                        WHERE grain = 'd' AND surface = '*' AND customer_id = 0 GROUP BY bucket) t
                    FULL JOIN (SELECT date_trunc('day', occurred_at, 'UTC') AS bucket, count(*) AS n FROM analytics_events
                               WHERE type <> 'time_on_page' GROUP BY 1) e USING (bucket)
                    WHERE t.n IS DISTINCT FROM e.n""") == 0);
            r.put("subject_left", Db.longQuery(c, "SELECT count(*) FROM analytics_rollup_user_sessions WHERE user_sub = '" + SUB + "'")
                    + Db.longQuery(c, "SELECT count(*) FROM analytics_events WHERE user_sub = '" + SUB + "'"));
        }
        System.out.println("erasure: " + r);
        Results.append(args.required("out"), r);
    }

    /** Until the rollups hold every stored event (the V42 watermark). */
    static void waitFolded(Connection c, int maxSeconds) throws Exception {
        for (int i = 0; i < maxSeconds; i++) {
            if (Db.longQuery(c, """
                    SELECT count(*) FROM analytics_rollup_watermark w WHERE NOT EXISTS (SELECT FROM analytics_events e
                        WHERE (e.xact_id, e.occurred_at) >= (w.folded_xact, coalesce(w.folded_occurred, '-infinity')))""") == 1) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("rollups did not catch up within " + maxSeconds + " s");
    }

    /** One live event every 200 ms and the lag gauge read every second, until {@code live} is cleared. */
    private static void liveTraffic(String db, String base, HttpClient http, AtomicBoolean live, AtomicLong maxLagMs) {
        try (Connection c = Db.connect(db)) {
            long n = 0;
            while (live.get()) {
                Db.exec(c, "INSERT INTO analytics_events (event_id, occurred_at, type, anon_id, session_id, session_count, surface, page_path)"
                        + " VALUES (gen_random_uuid(), now(), 'page_view', gen_random_uuid(), gen_random_uuid(), 1, 'dashboard', '/bench/live')");
                if (n++ % 5 == 0) {
                    String metrics = DashboardBench.get(http, base + "/q/metrics", null).body();
                    metrics.lines().filter(l -> l.startsWith("analytics_rollup_lag_seconds ")).findFirst()
                            .ifPresent(l -> maxLagMs.accumulateAndGet((long) (Double.parseDouble(l.split(" ")[1]) * 1000), Math::max));
                }
                Thread.sleep(200);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
