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
 * local to the zone, months, visitors, CSV = JSON, and an erased user gone from the cohorts.
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
                UUID.randomUUID(), 1, user, 929_001L, SURFACE, "/compose", null, null, null, null, null, null, null, null, null, null, null, null));
    }

    @AfterEach
    void clean() {
        pool.preparedQuery("DELETE FROM analytics_events WHERE surface = $1").execute(Tuple.of(SURFACE)).await().indefinitely();
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

    @Test
    void cohortsByFirstEventEverFollowedWeekByWeek() {
        at(PREFIX + "old", "2025-07-20T12:00:00Z"); // first seen before the range: in no cohort
        at(PREFIX + "old", "2025-08-05T12:00:00Z");
        at(PREFIX + "1", "2025-08-05T12:00:00Z");
        at(PREFIX + "1", "2025-08-12T12:00:00Z");
        at(PREFIX + "2", "2025-08-06T12:00:00Z");
        at(PREFIX + "2", "2025-08-20T12:00:00Z");
        at(PREFIX + "3", "2025-08-12T12:00:00Z");
        at(PREFIX + "3", "2025-08-19T12:00:00Z");
        at(PREFIX + "4", "2025-08-19T12:00:00Z");
        at(PREFIX + "erased", "2025-08-04T12:00:00Z");
        at(PREFIX + "erased", "2025-08-13T12:00:00Z");
        at(PREFIX + "erased", "2025-08-21T12:00:00Z");
        // Monday 11 August 02:00 UTC = Sunday 10 August 22:00 in New York: week 2 in UTC, week 1 in New York
        at(PREFIX + "edge", "2025-08-11T02:00:00Z");
        at(null, "2025-08-05T12:00:00Z"); // a visitor who never signs in
        Seeder.insert(pool, events);

        assertEquals(List.of(List.of("2025-08-04", 3, List.of(3, 2, 2)), List.of("2025-08-11", 2, List.of(2, 1)), List.of("2025-08-18", 1, List.of(1))),
                triangle(api()));
        assertEquals(List.of(List.of("2025-08-04", 4, List.of(4, 2, 2)), List.of("2025-08-11", 1, List.of(1, 1)), List.of("2025-08-18", 1, List.of(1))),
                triangle(api().queryParam("tz", "America/New_York")), "the edge user's first event is on Sunday in New York");
        assertEquals(List.of(List.of("2025-08-01", 6, List.of(6))), triangle(api().queryParam("cohort", "month")));
        assertEquals(List.of(List.of("2025-08-04", 4, List.of(4, 2, 2)), List.of("2025-08-11", 2, List.of(2, 1)), List.of("2025-08-18", 1, List.of(1))),
                triangle(api().queryParam("visitors", "true")), "the anonymous visitor joins week 1");

        String csv = api().accept("text/csv").when().get("/api/admin/analytics/retention").then().statusCode(200).extract().asString();
        assertEquals(List.of(List.of("cohort", "size", "period_0", "period_1", "period_2"), List.of("2025-08-04", "3", "3", "2", "2"),
                List.of("2025-08-11", "2", "2", "1", ""), List.of("2025-08-18", "1", "1", "", "")), Csv.parse(csv));

        given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/" + PREFIX + "erased").then().statusCode(200);
        assertEquals(List.of(List.of("2025-08-04", 2, List.of(2, 1, 1)), List.of("2025-08-11", 2, List.of(2, 1)), List.of("2025-08-18", 1, List.of(1))),
                triangle(api()), "erasure removes the user from their cohort");
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
