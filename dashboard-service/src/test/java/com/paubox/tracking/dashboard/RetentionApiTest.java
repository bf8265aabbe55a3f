package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.dashboard.service.LifecycleJob;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * /retention (issue 28) over hand-made users: cohorts by the first event ever (one before the range is in none), weeks
 * local to the zone, months, visitors, CSV = JSON, and an erased user gone from the cohorts — from the raw events, from
 * the rollup tables (V48), and from both (a raw tail after the watermark); the first event ever outlives retention.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class RetentionApiTest {

    static final String SURFACE = "retention-" + UUID.randomUUID().toString().substring(0, 8);
    static final String PREFIX = "auth0|retention-" + UUID.randomUUID().toString().substring(0, 6) + "-";

    @Inject
    Pool pool;

    final List<SeededEvent> events = new ArrayList<>();

    void at(String user, String time) {
        UUID anon = UUID.nameUUIDFromBytes(String.valueOf(user).getBytes());
        events.add(new SeededEvent(UUID.randomUUID(), OffsetDateTime.parse(time), "page_view", user == null ? UUID.nameUUIDFromBytes(time.getBytes()) : anon,
                UUID.randomUUID(), 1, user, CUSTOMER, SURFACE, "/compose", null, null, null, null, null, null, null, null, null, null, null, null));
    }

    @Inject
    RollupRepository rollups;

    @Inject
    LifecycleJob lifecycle;

    void anonymousOnBrowserOf(String user, String time) {
        events.add(new SeededEvent(UUID.randomUUID(), OffsetDateTime.parse(time), "page_view", UUID.nameUUIDFromBytes(user.getBytes()), UUID.randomUUID(), 1,
                null, CUSTOMER, SURFACE, "/login", null, null, null, null, null, null, null, null, null, null, null, null));
    }

    /** Another surface of the same tests (the answers above read {@link #SURFACE} only). */
    static final String ELSEWHERE = SURFACE + "-elsewhere";

    void anonymousOnBrowserOfElsewhere(String user, String time) {
        events.add(new SeededEvent(UUID.randomUUID(), OffsetDateTime.parse(time), "page_view", UUID.nameUUIDFromBytes(user.getBytes()), UUID.randomUUID(), 1,
                null, CUSTOMER, ELSEWHERE, "/login", null, null, null, null, null, null, null, null, null, null, null, null));
    }

    @AfterEach
    void clean() {
        pool.preparedQuery("DELETE FROM analytics_events WHERE surface = ANY($1)").execute(Tuple.of((Object) new String[] { SURFACE, ELSEWHERE }))
                .await().indefinitely();
        // other test classes share the database and do not run the rollup job: leave them raw events only
        rollups.reset().await().indefinitely();
    }

    static final long CUSTOMER = 929_001L;

    static List<SeededEvent> concat(List<SeededEvent> a, List<SeededEvent> b) {
        List<SeededEvent> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    long scalar(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next().getLong(0);
    }

    /** Events of this test stored at or after the watermark. */
    long tail() {
        var w = RollupRepository.watermark(pool).await().indefinitely();
        return scalar("SELECT count(*) FROM analytics_events WHERE surface = $1 AND " + w.sql(false, v -> "'" + v + "'"), SURFACE);
    }

    static RequestSpecification api() {
        // three ISO weeks: 4–10, 11–17, 18–24 August 2025
        return given().auth().oauth2(Tokens.admin()).queryParam("from", "2025-08-04").queryParam("to", "2025-08-24").queryParam("surface", SURFACE);
    }

    @SuppressWarnings("unchecked")
    static List<List<Object>> triangle(RequestSpecification request) {
        Map<String, Object> answer = request.when().get("/api/admin/analytics/retention").then().statusCode(200).extract().jsonPath().getMap("");
        List<List<Object>> out = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) answer.get("cohorts")) {
            out.add(List.of(c.get("period"), c.get("size"), c.get("active")));
        }
        return out;
    }

    /** How the events are stored when the question is asked. */
    enum Stored {
        /** nothing folded: the raw events alone */
        RAW,
        /** every event folded into /retention's rollup tables */
        FOLDED,
        /** part folded, the rest in the raw tail after the watermark — among them the earlier first event of a user */
        FOLDED_AND_TAIL
    }

    /**
     * The same hand-made users, stored each way: the same triangles (cohorts by the first event ever — one before the
     * range is in none — weeks local to the zone, months, visitors, CSV) and the erased user gone from them.
     */
    @ParameterizedTest
    @EnumSource(Stored.class)
    void cohortsByFirstEventEverFollowedWeekByWeek(Stored stored) {
        at(PREFIX + "old", "2025-08-05T12:00:00Z");
        at(PREFIX + "1", "2025-08-05T12:00:00Z");
        at(PREFIX + "1", "2025-08-12T12:00:00Z");
        at(PREFIX + "2", "2025-08-06T12:00:00Z");
        at(PREFIX + "2", "2025-08-20T12:00:00Z");
        at(PREFIX + "3", "2025-08-12T12:00:00Z");
        at(PREFIX + "erased", "2025-08-04T12:00:00Z");
        at(PREFIX + "erased", "2025-08-13T12:00:00Z");
        at(PREFIX + "erased", "2025-08-21T12:00:00Z");
        // Monday 11 August 02:00 UTC = Sunday 10 August 22:00 in New York: week 2 in UTC, week 1 in New York
        at(PREFIX + "edge", "2025-08-11T02:00:00Z");
        at(null, "2025-08-05T12:00:00Z"); // a visitor who never signs in
        anonymousOnBrowserOf(PREFIX + "erased", "2025-08-13T13:00:00Z"); // the erased user's browser, signed out
        anonymousOnBrowserOfElsewhere(PREFIX + "erased", "2025-08-21T12:30:00Z"); // … and in the hour of an erased event, on another surface
        List<SeededEvent> first = new ArrayList<>(events);
        events.clear();
        at(PREFIX + "old", "2025-07-20T12:00:00Z"); // first seen before the range: in no cohort
        at(PREFIX + "3", "2025-08-19T12:00:00Z");
        at(PREFIX + "4", "2025-08-19T12:00:00Z");
        List<SeededEvent> later = new ArrayList<>(events);
        switch (stored) {
            case RAW -> Seeder.insert(pool, concat(first, later));
            case FOLDED -> {
                Seeder.insert(pool, concat(first, later));
                AnalyticsApiTest.rollAll(rollups);
                assertEquals(0L, tail(), "everything folded");
            }
            case FOLDED_AND_TAIL -> {
                Seeder.insert(pool, first);
                AnalyticsApiTest.rollAll(rollups);
                Seeder.insert(pool, later);
                assertEquals((long) later.size(), tail(), "stored after the watermark");
            }
        }
        if (stored != Stored.RAW) {
            assertEquals(1L, scalar("SELECT count(*) FROM analytics_rollup_identities WHERE kind = 'u' AND identity_key = $1", PREFIX + "old"),
                    "the rollup tables hold the folded users");
        }

        assertEquals(List.of(List.of("2025-08-04", 3, List.of(3, 2, 2)), List.of("2025-08-11", 2, List.of(2, 1)), List.of("2025-08-18", 1, List.of(1))),
                triangle(api()));
        assertEquals(List.of(List.of("2025-08-04", 4, List.of(4, 2, 2)), List.of("2025-08-11", 1, List.of(1, 1)), List.of("2025-08-18", 1, List.of(1))),
                triangle(api().queryParam("tz", "America/New_York")), "the edge user's first event is on Sunday in New York");
        assertEquals(List.of(List.of("2025-08-01", 6, List.of(6))), triangle(api().queryParam("cohort", "month")));
        assertEquals(List.of(List.of("2025-08-04", 4, List.of(4, 2, 2)), List.of("2025-08-11", 2, List.of(2, 1)), List.of("2025-08-18", 1, List.of(1))),
                triangle(api().queryParam("visitors", "true")), "the anonymous visitor joins week 1");
        assertEquals(triangle(api()), triangle(api().queryParam("customer_id", CUSTOMER)), "every event has the customer");
        assertEquals(List.of(List.of("2025-08-04", 0, List.of(0, 0, 0)), List.of("2025-08-11", 0, List.of(0, 0)), List.of("2025-08-18", 0, List.of(0))),
                triangle(api().queryParam("customer_id", CUSTOMER + 1)));
        // India: midnight is at :30 UTC — an hour of activity cannot be split, so the raw events answer
        assertEquals(List.of(List.of("2025-08-04", 3, List.of(3, 2, 2)), List.of("2025-08-11", 2, List.of(2, 1)), List.of("2025-08-18", 1, List.of(1))),
                triangle(api().queryParam("tz", "Asia/Kolkata")));

        String csv = api().accept("text/csv").when().get("/api/admin/analytics/retention").then().statusCode(200).extract().asString();
        assertEquals(List.of(List.of("cohort", "size", "period_0", "period_1", "period_2"), List.of("2025-08-04", "3", "3", "2", "2"),
                List.of("2025-08-11", "2", "2", "1", ""), List.of("2025-08-18", "1", "1", "", "")), Csv.parse(csv));

        given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/" + PREFIX + "erased").then().statusCode(200);
        assertEquals(List.of(List.of("2025-08-04", 2, List.of(2, 1, 1)), List.of("2025-08-11", 2, List.of(2, 1)), List.of("2025-08-18", 1, List.of(1))),
                triangle(api()), "erasure removes the user from their cohort");
        assertEquals(List.of(List.of("2025-08-04", 3, List.of(3, 1, 1)), List.of("2025-08-11", 3, List.of(3, 1)), List.of("2025-08-18", 1, List.of(1))),
                triangle(api().queryParam("visitors", "true")), "their browser is first seen when signed out, in week 2");
        assertEquals(List.of(List.of("2025-08-04", 2, List.of(2, 1, 1)), List.of("2025-08-11", 2, List.of(2, 1)), List.of("2025-08-18", 1, List.of(1))),
                triangle(api().queryParam("tz", "Asia/Kolkata")), "the raw events agree");
        assertEquals(0L, scalar("SELECT count(*) FROM analytics_rollup_identities WHERE identity_key = $1", PREFIX + "erased"),
                "no identity of the subject is left");
        if (stored != Stored.RAW) {
            String browser = UUID.nameUUIDFromBytes((PREFIX + "erased").getBytes()).toString();
            String activeAt = "SELECT count(*) FROM analytics_rollup_active a JOIN analytics_rollup_identities i ON i.kind = 'v' AND i.identity_key = $1"
                    + " AND i.id = ANY(a.ids) WHERE a.kind = 'v' AND a.customer_id = 0 AND a.surface = $2 AND a.hour = '2025-08-21T12:00:00Z'";
            assertEquals(1L, scalar(activeAt, browser, "*"), "the browser's event elsewhere keeps it active in that hour at every surface");
            assertEquals(1L, scalar(activeAt, browser, ELSEWHERE), "… and on that surface");
            assertEquals(0L, scalar(activeAt, browser, SURFACE), "but not on the erased event's surface");
        }
    }

    /**
     * Retention of old events: a user's first event ever is remembered after its month is dropped, while they have
     * events left — they do not turn up as new in the oldest month kept — and a user left with no event is forgotten.
     */
    @Test
    void theFirstEventEverOutlivesTheRetentionOfItsMonth() {
        OffsetDateTime now = OffsetDateTime.now(java.time.ZoneOffset.UTC);
        String longAgo = now.minusDays(500).toString();
        at(PREFIX + "veteran", longAgo);
        at(PREFIX + "veteran", now.minusDays(12).toString());
        at(PREFIX + "newcomer", now.minusDays(12).toString());
        at(PREFIX + "gone", longAgo);
        Seeder.insert(pool, events);
        AnalyticsApiTest.rollAll(rollups);
        lifecycle.run().await().indefinitely();
        assertEquals(0L, scalar("SELECT count(*) FROM analytics_events WHERE user_sub = $1", PREFIX + "gone"), "its events expired");

        RequestSpecification recent = given().auth().oauth2(Tokens.admin()).queryParam("from", now.minusDays(20).toLocalDate().toString())
                .queryParam("to", now.toLocalDate().toString()).queryParam("surface", SURFACE);
        long size = 0;
        for (List<Object> cohort : triangle(recent)) {
            size += ((Number) cohort.get(1)).longValue();
        }
        assertEquals(1, size, "the newcomer only: the veteran was first seen 500 days ago");
        assertEquals(1L, scalar("SELECT count(*) FROM analytics_rollup_first_seen f JOIN analytics_rollup_identities i USING (kind, id)"
                + " WHERE i.identity_key = $1 AND f.customer_id = 0 AND f.surface = '*' AND f.first_at < now() - interval '400 days'", PREFIX + "veteran"));
        assertEquals(0L, scalar("SELECT count(*) FROM analytics_rollup_identities WHERE identity_key = $1", PREFIX + "gone"));
    }

    @Test
    void badParametersAreNamed() {
        api().queryParam("cohort", "day").when().get("/api/admin/analytics/retention").then().statusCode(400).body("field", equalTo("cohort"));
        api().queryParam("visitors", "yes").when().get("/api/admin/analytics/retention").then().statusCode(400).body("field", equalTo("visitors"));
        api().queryParam("path_prefix", "/x").when().get("/api/admin/analytics/retention").then().statusCode(400).body("field", equalTo("path_prefix"));
        given().when().get("/api/admin/analytics/retention").then().statusCode(401);
        given().auth().oauth2(Tokens.withoutRole()).when().get("/api/admin/analytics/retention").then().statusCode(403);
    }
}
