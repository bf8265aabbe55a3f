package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * /funnel (issue 28): hand-made sessions with known outcomes (order, repeats, another session, anonymous), the same
 * events per user on a day, and a 3-step session funnel over generated events against an independent SQL matching;
 * bad steps are 400s naming the parameter; CSV = JSON.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class FunnelApiTest {

    static final String SURFACE = "funnel-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    Pool pool;

    final List<SeededEvent> events = new ArrayList<>();

    void at(UUID session, String user, String time, String type, String pathOrLabel) {
        boolean click = type.equals("click");
        events.add(new SeededEvent(UUID.randomUUID(), OffsetDateTime.parse(time), type, UUID.randomUUID(), session, 1, user, 928_001L, SURFACE,
                click ? "/compose" : pathOrLabel, null, null, click ? pathOrLabel : null, click ? "button" : null, null, null, null, null, null, null,
                null, null));
    }

    @AfterEach
    void clean() {
        pool.preparedQuery("DELETE FROM analytics_events WHERE surface = $1").execute(Tuple.of(SURFACE)).await().indefinitely();
    }

    static RequestSpecification api(String from, String to) {
        return given().auth().oauth2(Tokens.admin()).queryParam("from", from).queryParam("to", to).queryParam("surface", SURFACE);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> steps(RequestSpecification request) {
        return (List<Map<String, Object>>) request.when().get("/api/admin/analytics/funnel").then().statusCode(200).extract().jsonPath()
                .getMap("").get("steps");
    }

    static List<List<Object>> summary(List<Map<String, Object>> steps) {
        return steps.stream().map(s -> List.<Object>of(s.get("step"), s.get("sessions"), s.get("users"))).toList();
    }

    @Test
    void handMadeSessions() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        UUID e = UUID.randomUUID();
        // a: compose, then send — reaches both (time 60 s)
        at(a, "auth0|u1", "2025-06-02T10:00:00Z", "page_view", "/compose");
        at(a, "auth0|u1", "2025-06-02T10:01:00Z", "click", "send_email_btn");
        // b: send before compose — step 1 only
        at(b, "auth0|u2", "2025-06-02T10:00:00Z", "click", "send_email_btn");
        at(b, "auth0|u2", "2025-06-02T10:01:00Z", "page_view", "/compose");
        // c then d (u1 again): compose in one session, send in another — c step 1 only, d nothing
        at(c, "auth0|u1", "2025-06-03T11:00:00Z", "page_view", "/compose");
        at(d, "auth0|u1", "2025-06-03T11:05:00Z", "click", "send_email_btn");
        // e: anonymous, compose twice, send once — both (time from the first compose: 30 s)
        at(e, null, "2025-06-04T09:00:00Z", "page_view", "/compose");
        at(e, null, "2025-06-04T09:00:10Z", "page_view", "/compose");
        at(e, null, "2025-06-04T09:00:30Z", "click", "send_email_btn");
        // outside the range (the day after): not counted
        at(UUID.randomUUID(), "auth0|u3", "2025-06-09T00:00:00Z", "page_view", "/compose");
        Seeder.insert(pool, events);

        RequestSpecification session = api("2025-06-02", "2025-06-08").queryParam("step", "page:/compose").queryParam("step", "click:send_email_btn");
        List<Map<String, Object>> s = steps(session);
        assertEquals(List.of(List.of("page:/compose", 4, 2), List.of("click:send_email_btn", 2, 1)), summary(s));
        assertEquals(50.0f, s.get(1).get("conversion_from_previous_pct"));
        assertEquals(100.0f, s.get(0).get("conversion_from_first_pct"));
        assertEquals(45_000, s.get(1).get("median_time_from_previous_ms"), "the median of 60 s and 30 s");
        assertEquals(2, s.get(1).get("drop_off"));
        assertEquals(null, s.get(0).get("drop_off"));

        // per user on a local day: u1 composes and sends on 2 June (and composes again on the 3rd); u2 sends before composing
        List<Map<String, Object>> day = steps(api("2025-06-02", "2025-06-08").queryParam("step", "page:/compose")
                .queryParam("step", "click:send_email_btn").queryParam("within", "day"));
        assertEquals(List.of(List.of("page:/compose", 2, 2), List.of("click:send_email_btn", 1, 1)), summary(day));
        // within 7 days u1's compose on the 3rd and send in another session count too, but u1 is one user
        List<Map<String, Object>> week = steps(api("2025-06-02", "2025-06-08").queryParam("step", "page:/compose")
                .queryParam("step", "click:send_email_btn").queryParam("within", "7d"));
        assertEquals(List.of(List.of("page:/compose", 2, 2), List.of("click:send_email_btn", 1, 1)), summary(week));

        // a prefix step, and CSV = JSON
        List<Map<String, Object>> prefix = steps(api("2025-06-02", "2025-06-08").queryParam("step", "page:/comp*").queryParam("step", "click:send_email_btn"));
        assertEquals(List.of(List.of("page:/comp*", 4, 2), List.of("click:send_email_btn", 2, 1)), summary(prefix));
        String csv = session.accept("text/csv").when().get("/api/admin/analytics/funnel").then().statusCode(200).extract().asString();
        List<List<String>> lines = Csv.parse(csv);
        assertEquals(List.of("step", "sessions", "users", "conversion_from_previous_pct", "conversion_from_first_pct", "median_time_from_previous_ms",
                "drop_off", "drop_off_pct"), lines.get(0));
        assertEquals(List.of("page:/compose", "4", "2", "", "100.0", "", "", ""), lines.get(1));
        assertEquals(List.of("click:send_email_btn", "2", "1", "50.0", "50.0", "45000", "2", "50.0"), lines.get(2));
    }

    @Test
    void generatedSessionsEqualAnIndependentSqlMatching() {
        for (SeededEvent g : Seeder.generate(2801, 4000, LocalDate.of(2025, 7, 1), LocalDate.of(2025, 7, 14))) {
            events.add(new SeededEvent(g.eventId(), g.occurredAt(), g.type(), g.anonId(), g.sessionId(), g.sessionCount(), g.userSub(), g.customerId(),
                    SURFACE, g.pagePath(), g.durationMs(), g.visibleMs(), g.label(), g.element(), g.hrefPath(), g.errorCode(), g.geoCity(), g.geoRegion(),
                    g.geoCountry(), g.browser(), g.os(), g.deviceType()));
        }
        Seeder.insert(pool, events);
        // unfiltered, and one customer's (a customer's funnel reads its own events by another index)
        Long customer = events.stream().filter(e -> e.customerId() != null).collect(java.util.stream.Collectors.groupingBy(SeededEvent::customerId,
                java.util.stream.Collectors.counting())).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        for (Long c : java.util.Arrays.asList(null, customer)) {
            Row r = greedyMatching(c);
            assertTrue(r.getLong(2) > 0, "the generated events reach the last step in some sessions (customer " + c + ")");
            RequestSpecification request = api("2025-07-01", "2025-07-14").queryParam("step", "page:/messages/inbox").queryParam("step", "click:nav_compose")
                    .queryParam("step", "page:/settings/*");
            List<Map<String, Object>> s = steps(c == null ? request : request.queryParam("customer_id", c));
            assertEquals(List.of(r.getLong(0).intValue(), r.getLong(1).intValue(), r.getLong(2).intValue()), s.stream().map(x -> x.get("sessions")).toList(),
                    "customer " + c);
            assertEquals(r.getLong(3).intValue(), s.get(2).get("users"), "customer " + c);
        }
    }

    /** Greedy earliest matching per session, written as SQL: the first step 1, the first step 2 after it, the first step 3 after that. */
    private Row greedyMatching(Long customer) {
        OffsetDateTime from = OffsetDateTime.parse("2025-07-01T00:00:00Z");
        OffsetDateTime to = OffsetDateTime.parse("2025-07-15T00:00:00Z");
        String sql = """
                WITH e AS (SELECT * FROM analytics_events WHERE surface = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ($4::bigint IS NULL OR customer_id = $4)),
                s1 AS (SELECT session_id, min(occurred_at) AS t1 FROM e WHERE type = 'page_view' AND page_path = '/messages/inbox' GROUP BY session_id),
                s2 AS (SELECT s1.*, (SELECT min(occurred_at) FROM e WHERE e.session_id = s1.session_id AND type = 'click' AND label = 'nav_compose'
                        AND occurred_at > s1.t1) AS t2 FROM s1),
                s3 AS (SELECT s2.*, (SELECT min(occurred_at) FROM e WHERE e.session_id = s2.session_id AND type = 'page_view' AND page_path LIKE '/settings/%'
                        AND occurred_at > s2.t2) AS t3 FROM s2)
                SELECT count(*), count(t2), count(t3),
                  (SELECT count(DISTINCT user_sub) FROM e WHERE session_id IN (SELECT session_id FROM s3 WHERE t3 IS NOT NULL)) FROM s3""";
        return pool.preparedQuery(sql).execute(Tuple.of(SURFACE, from, to, customer)).await().indefinitely().iterator().next();
    }

    @Test
    void badStepsAreNamed() {
        for (List<String> bad : List.of(List.of("page:/a"), List.of("view:/a", "page:/b"), List.of("page:/a", ""),
                List.of("page:/1", "page:/2", "page:/3", "page:/4", "page:/5", "page:/6", "page:/7", "page:/8", "page:/9"))) {
            RequestSpecification request = api("2025-06-02", "2025-06-08");
            for (String step : bad) {
                request = request.queryParam("step", step);
            }
            request.when().get("/api/admin/analytics/funnel").then().statusCode(400).contentType("application/problem+json").body("field", equalTo("step"));
        }
        api("2025-06-02", "2025-06-08").when().get("/api/admin/analytics/funnel").then().statusCode(400).body("field", equalTo("step"));
        api("2025-06-02", "2025-06-08").queryParam("step", "page:/a").queryParam("step", "page:/b").queryParam("within", "week").when()
                .get("/api/admin/analytics/funnel").then().statusCode(400).body("field", equalTo("within"));
        given().when().get("/api/admin/analytics/funnel?step=page:/a&step=page:/b").then().statusCode(401);
        given().auth().oauth2(Tokens.withoutRole()).when().get("/api/admin/analytics/funnel?step=page:/a&step=page:/b").then().statusCode(403);
    }
}
