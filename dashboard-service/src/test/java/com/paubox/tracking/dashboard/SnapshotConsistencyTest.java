package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.dashboard.rollup.RollupLag;
import com.paubox.tracking.dashboard.rollup.Watermark;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Issue 26, "one consistent snapshot per answer": while a backlog is being rolled up window after window, 500 answers
 * of /overview, /timeseries, /clicks, /customers and /accounts (answer cache off) each equal the exact figures computed from the
 * raw events beforehand: additive figures exactly, distinct ones inside the answer's own published bounds. Before each
 * answer was read in one snapshot, a window committing between its statements counted events twice.
 * <p>
 * The backlog is {@code analytics.test.backlog-events} events (default 300,000, in transactions of 50,000) folded in
 * windows of a hundredth of it, so that about a hundred windows commit while the answers are read; the full
 * size is {@code -Danalytics.test.backlog-events=2000000} (about 5 minutes here, docs/dashboard.md "Consistency").
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class SnapshotConsistencyTest {

    static final String SURFACE = "backlog";
    static final int EVENTS = Integer.getInteger("analytics.test.backlog-events", 300_000);
    static final int PER_TRANSACTION = 50_000;
    static final int ANSWERS = 500;
    static final LocalDate FIRST = TestData.TODAY.minusDays(90);
    static final LocalDate LAST = TestData.TODAY.minusDays(61);

    /** A question: range, zone, customer (null: all); every one on the backlog's own surface. */
    record Question(LocalDate from, LocalDate to, String tz, Long customer) {
        Map<String, Object> params() {
            Map<String, Object> p = new HashMap<>(Map.of("from", from.toString(), "to", to.toString(), "tz", tz, "surface", SURFACE));
            if (customer != null) {
                p.put("customer_id", customer.toString());
            }
            return p;
        }

        String where() {
            return "surface = '" + SURFACE + "' AND (occurred_at AT TIME ZONE '" + tz + "')::date BETWEEN '" + from + "' AND '" + to + "'"
                    + (customer == null ? "" : " AND customer_id = " + customer);
        }
    }

    /** /accounts reads on two connections sharing one snapshot (Snapshot.readInParallel). */
    static final List<String> ENDPOINTS = List.of("overview", "timeseries", "clicks", "customers", "accounts");

    static final List<Question> QUESTIONS = List.of(
            new Question(FIRST, LAST, "UTC", null),
            new Question(FIRST.plusDays(10), FIRST.plusDays(12), "America/New_York", null),
            new Question(FIRST.plusDays(3), FIRST.plusDays(25), "Asia/Kolkata", 900_007L),
            new Question(FIRST, LAST, "UTC", 900_031L),
            new Question(FIRST.plusDays(20), FIRST.plusDays(20), "Pacific/Auckland", null));

    @Inject
    Pool pool;

    @Inject
    RollupRepository rollups;

    @Inject
    RollupLag lag;

    @AfterEach
    void cleanUp() {
        pool.preparedQuery("DELETE FROM analytics_events WHERE surface = $1").execute(Tuple.of(SURFACE)).await().indefinitely();
        rollups.reset().await().indefinitely();
    }

    @Test
    void answersWhileABacklogIsRolledUpEqualTheExactFigures() throws Exception {
        TestData.ensureSeeded(pool);
        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
        long t0 = System.nanoTime();
        seedBacklog();
        long seededMs = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Map<String, Object>> exact = new LinkedHashMap<>();
        for (int i = 0; i < QUESTIONS.size(); i++) {
            exact.put("overview" + i, overview(QUESTIONS.get(i)));
            exact.put("timeseries" + i, timeseries(QUESTIONS.get(i)));
            exact.put("clicks" + i, clicks(QUESTIONS.get(i)));
            exact.put("customers" + i, customers(QUESTIONS.get(i)));
            exact.put("accounts" + i, customers(QUESTIONS.get(i)));
        }

        RollupRepository smallWindows = new RollupRepository(pool, EVENTS / 100, Long.MAX_VALUE, lag);
        CompletableFuture<RollupRepository.Refresh> rollup = smallWindows.catchUp(null, Duration.ofMinutes(30)).subscribeAsCompletionStage();
        Set<Watermark> seen = new HashSet<>();
        int duringRollup = 0;
        String token = Tokens.admin();
        for (int n = 0; n < ANSWERS; n++) {
            boolean rolling = !rollup.isDone();
            seen.add(rollups.watermark().await().indefinitely());
            Question q = QUESTIONS.get(n % QUESTIONS.size());
            String endpoint = ENDPOINTS.get((n / QUESTIONS.size()) % ENDPOINTS.size());
            Map<String, Object> params = q.params();
            if (endpoint.equals("timeseries")) {
                params.put("metric", "page_views");
                params.put("interval", "day");
            } else if (endpoint.equals("accounts")) {
                params.put("limit", "500");
            } else if (!endpoint.equals("overview")) {
                params.put("limit", "100");
            }
            JsonNode answer = AnalyticsApiTest.tree(given().auth().oauth2(token).accept("application/json").queryParams(params).when()
                    .get(AnalyticsApiTest.BASE + endpoint).then().statusCode(200).extract().asString());
            assertFigures(exact.get(endpoint + (n % QUESTIONS.size())), endpoint, answer, "answer " + n + ": " + endpoint + " " + q);
            if (rolling && !rollup.isDone()) {
                duringRollup++;
            }
        }
        rollup.get(30, TimeUnit.MINUTES);
        System.out.printf("SnapshotConsistencyTest: %d events seeded in %d ms; %d answers, %d of them while %d windows committed%n", EVENTS,
                seededMs, ANSWERS, duringRollup, seen.size());
        assertTrue(duringRollup >= 50, "answers given while windows committed: " + duringRollup);
        assertTrue(seen.size() >= 20, "windows committed while answering: " + seen.size() + " watermarks seen");
        assertEquals(0, count("SELECT count(*) FROM analytics_events e, analytics_rollup_watermark w WHERE e.surface = '" + SURFACE
                + "' AND (e.xact_id, e.occurred_at) >= (w.folded_xact, coalesce(w.folded_occurred, '-infinity'))"), "the backlog is folded");
    }

    /** The backlog: transactions of 50,000 events over 30 days, 50 customers, 200 users, 300 visitors, 293 sessions. */
    void seedBacklog() {
        for (int start = 0; start < EVENTS; start += PER_TRANSACTION) {
            pool.preparedQuery("""
                    INSERT INTO analytics_events (event_id, occurred_at, received_at, type, anon_id, session_id, session_count, user_sub,
                        customer_id, surface, page_path, visible_ms, duration_ms, label, element)
                    SELECT md5('backlog' || i)::uuid, t, t + interval '1 second',
                        CASE WHEN i % 20 < 12 THEN 'page_view' WHEN i % 20 < 17 THEN 'click' WHEN i % 20 < 19 THEN 'time_on_page'
                             WHEN i % 40 = 19 THEN 'login_success' ELSE 'login_failure' END,
                        md5('anon' || i % 300)::uuid, md5('session' || i % 293)::uuid, 1,
                        CASE WHEN i % 5 = 0 THEN NULL ELSE 'auth0|backlog-' || i % 200 END, 900000 + i % 50, $3, '/b/p' || i % 10,
                        CASE WHEN i % 20 IN (17, 18) THEN i % 997 END, CASE WHEN i % 20 IN (17, 18) THEN i % 1999 END,
                        CASE WHEN i % 20 BETWEEN 12 AND 16 THEN 'btn_' || i % 6 END, CASE WHEN i % 20 BETWEEN 12 AND 16 THEN 'button' END
                    FROM generate_series($1::int, $2::int) i,
                        LATERAL (SELECT $4::timestamptz + ((i::bigint * 7919) % 2592000) * interval '1 second' + (i % 1000) * interval '1 millisecond' AS t) o
                    """).execute(Tuple.of(start, Math.min(EVENTS, start + PER_TRANSACTION) - 1, SURFACE,
                    FIRST.atStartOfDay().atOffset(java.time.ZoneOffset.UTC))).await().indefinitely();
        }
    }

    long count(String sql) {
        return rows(sql).get(0).getLong(0);
    }

    List<Row> rows(String sql) {
        List<Row> out = new ArrayList<>();
        pool.query(sql).execute().await().indefinitely().forEach(out::add);
        return out;
    }

    Map<String, Object> overview(Question q) {
        Row r = rows("SELECT count(*) FILTER (WHERE type = 'page_view') AS page_views, count(*) FILTER (WHERE type = 'click') AS clicks,"
                + " count(*) FILTER (WHERE type = 'login_success') AS login_successes, count(*) FILTER (WHERE type = 'login_failure') AS login_failures,"
                + " round(avg(visible_ms) FILTER (WHERE type = 'time_on_page'))::bigint AS avg_visible_ms,"
                + " round(avg(duration_ms) FILTER (WHERE type = 'time_on_page'))::bigint AS avg_duration_ms,"
                + " count(DISTINCT user_sub) AS unique_users, count(DISTINCT anon_id) AS unique_visitors, count(DISTINCT session_id) AS sessions"
                + " FROM analytics_events WHERE " + q.where()).get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String c : List.of("page_views", "clicks", "login_successes", "login_failures", "avg_visible_ms", "avg_duration_ms", "unique_users",
                "unique_visitors", "sessions")) {
            out.put(c, r.getLong(c));
        }
        assertTrue(r.getLong("page_views") > 0, "the question has events: " + q);
        return out;
    }

    Map<String, Object> timeseries(Question q) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (LocalDate d = q.from(); !d.isAfter(q.to()); d = d.plusDays(1)) {
            out.put(d.toString(), 0L);
        }
        for (Row r : rows("SELECT (occurred_at AT TIME ZONE '" + q.tz() + "')::date::text AS d, count(*) AS n FROM analytics_events WHERE "
                + q.where() + " AND type = 'page_view' GROUP BY 1")) {
            out.put(r.getString("d"), r.getLong("n"));
        }
        return out;
    }

    Map<String, Object> clicks(Question q) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Row r : rows("SELECT label, count(*) AS clicks, count(DISTINCT user_sub) AS users FROM analytics_events WHERE " + q.where()
                + " AND type = 'click' GROUP BY label")) {
            out.put(r.getString("label"), List.of(r.getLong("clicks"), r.getLong("users")));
        }
        return out;
    }

    Map<String, Object> customers(Question q) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Row r : rows("SELECT customer_id, count(*) FILTER (WHERE type = 'page_view') AS page_views, count(DISTINCT user_sub) AS users,"
                + " count(DISTINCT session_id) AS sessions FROM analytics_events WHERE " + q.where() + " GROUP BY customer_id")) {
            out.put(r.getLong("customer_id").toString(), List.of(r.getLong("page_views"), r.getLong("users"), r.getLong("sessions")));
        }
        return out;
    }

    static void assertFigures(Map<String, Object> exact, String endpoint, JsonNode answer, String what) {
        switch (endpoint) {
            case "overview" -> exact.forEach((k, v) -> {
                if (answer.path("estimates").has(k)) {
                    assertDistinct((Long) v, answer.get(k).asLong(), answer.path("estimates").get(k), what + " " + k);
                } else {
                    assertEquals(v, answer.get(k).isNull() ? null : answer.get(k).asLong(), what + " " + k);
                }
            });
            case "timeseries" -> {
                Map<String, Object> got = new LinkedHashMap<>();
                answer.get("points").forEach(p -> got.put(p.get("t").asText().substring(0, 10), p.get("value").asLong()));
                assertEquals(exact, got, what);
            }
            case "clicks" -> {
                assertEquals(exact.size(), answer.get("rows").size(), what + " labels");
                answer.get("rows").forEach(r -> {
                    List<?> e = (List<?>) exact.get(r.get("label").asText());
                    assertEquals(e.get(0), r.get("clicks").asLong(), what + " clicks of " + r.get("label"));
                    assertDistinct((Long) e.get(1), r.get("unique_users").asLong(), r.path("estimates").get("unique_users"), what + " users of " + r.get("label"));
                });
            }
            case "accounts" -> {
                // every customer with an event in the range, and those with one in the previous period only (nothing now)
                java.util.Set<String> listed = new HashSet<>();
                answer.get("rows").forEach(r -> {
                    String id = r.get("customer_id").asText();
                    listed.add(id);
                    List<?> e = (List<?>) exact.get(id);
                    if (e == null) {
                        assertEquals(0, r.get("page_views").asLong(), what + " page views of " + id + " (none in the range)");
                        assertEquals(0, r.get("active_users").asLong(), what + " users of " + id + " (none in the range)");
                        return;
                    }
                    assertEquals(e.get(0), r.get("page_views").asLong(), what + " page views of " + id);
                    assertDistinct((Long) e.get(1), r.get("active_users").asLong(), r.path("estimates").get("active_users"), what + " users of " + id);
                    assertDistinct((Long) e.get(2), r.get("sessions").asLong(), r.path("estimates").get("sessions"), what + " sessions of " + id);
                });
                assertTrue(listed.containsAll(exact.keySet()), what + ": every customer of the range listed");
            }
            default -> {
                assertEquals(exact.size(), answer.get("rows").size(), what + " customers");
                answer.get("rows").forEach(r -> {
                    List<?> e = (List<?>) exact.get(r.get("customer_id").asText());
                    assertEquals(e.get(0), r.get("page_views").asLong(), what + " page views of " + r.get("customer_id"));
                    assertDistinct((Long) e.get(1), r.get("unique_users").asLong(), r.path("estimates").get("unique_users"), what + " users");
                    assertDistinct((Long) e.get(2), r.get("sessions").asLong(), r.path("estimates").get("sessions"), what + " sessions");
                });
            }
        }
    }

    /** A distinct figure: the exact count inside the answer's published 95 % bounds (equal to it where the method is exact). */
    static void assertDistinct(long exact, long value, JsonNode estimate, String what) {
        assertTrue(estimate.get("lower").asLong() <= exact && exact <= estimate.get("upper").asLong(),
                what + ": exact " + exact + ", answered " + value + " " + estimate);
        if (estimate.get("method").asText().equals("exact")) {
            assertEquals(exact, value, what);
        }
    }
}
