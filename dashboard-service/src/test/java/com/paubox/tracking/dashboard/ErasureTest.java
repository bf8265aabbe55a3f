package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** DELETE /users/{sub} removes exactly that subject's rows, from the events and from the rollups. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ErasureTest {

    static final String TARGET = "auth0|erase-me";
    static final String NEIGHBOUR = "auth0|erase-me-not";

    @Inject
    Pool pool;

    @Inject
    RollupRepository rollups;

    long count(String where, Object... params) {
        return pool.preparedQuery("SELECT count(*) AS n FROM analytics_events WHERE " + where).execute(Tuple.from(List.of(params)))
                .await().indefinitely().iterator().next().getLong("n");
    }

    static List<SeededEvent> forUser(String sub, long seed, int count) {
        List<SeededEvent> out = new ArrayList<>();
        // far before the window the other tests count (the last 45 days), so their expectations never move
        for (SeededEvent e : Seeder.generate(seed, count, LocalDate.of(2024, 6, 1), LocalDate.of(2024, 6, 3))) {
            // login_failure events carry no user; keep every row attributed so the count is exact
            String type = e.type().equals("login_failure") ? "login_success" : e.type();
            out.add(new SeededEvent(UUID.randomUUID(), e.occurredAt(), type, e.anonId(), e.sessionId(), e.sessionCount(), sub,
                    e.customerId(), e.surface(), e.pagePath(), e.durationMs(), e.visibleMs(), e.label(), e.element(), e.hrefPath(),
                    null, e.geoCity(), e.geoRegion(), e.geoCountry(), e.browser(), e.os(), e.deviceType()));
        }
        return out;
    }

    @Test
    void erasesExactlyThatSubject() {
        Seeder.insert(pool, forUser(TARGET, 7, 37));
        Seeder.insert(pool, forUser(NEIGHBOUR, 8, 11));
        long total = count("true");
        long neighbour = count("user_sub = $1", NEIGHBOUR);

        given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/{sub}", TARGET).then().statusCode(200)
                .body("user_sub", equalTo(TARGET)).body("deleted", equalTo(37));

        assertEquals(0, count("user_sub = $1", TARGET));
        assertEquals(neighbour, count("user_sub = $1", NEIGHBOUR));
        assertEquals(total - 37, count("true"));

        given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/{sub}", TARGET).then().statusCode(200)
                .body("deleted", equalTo(0));
        given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/{sub}", NEIGHBOUR).then().statusCode(200)
                .body("deleted", equalTo((int) neighbour));
    }

    long scalar(String sql, Object... params) {
        Object v = pool.preparedQuery(sql).execute(Tuple.from(List.of(params))).await().indefinitely().iterator().next().getValue(0);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** /overview of the seeded 2024 window against counts over the raw events. */
    void overviewMatchesRawEvents(String window) {
        String range = " occurred_at >= '2024-06-01T00:00:00Z' AND occurred_at < '2024-06-04T00:00:00Z'";
        given().auth().oauth2(Tokens.admin()).queryParam("from", "2024-06-01").queryParam("to", "2024-06-03").when()
                .get("/api/admin/analytics/overview").then().statusCode(200)
                .body("page_views", equalTo((int) count("type = 'page_view' AND" + range)))
                .body("login_successes", equalTo((int) count("type = 'login_success' AND" + range)))
                .body("unique_users", equalTo((int) scalar("SELECT count(DISTINCT user_sub) FROM analytics_events WHERE" + range)))
                .body("sessions", equalTo((int) scalar("SELECT count(DISTINCT session_id) FROM analytics_events WHERE" + range)))
                .body("estimates.unique_users.method", equalTo("exact"));
    }

    @Test
    void erasureRemovesTheSubjectFromTheRollups() {
        String sub = "auth0|erase-me-rolled";
        String days = " WHERE grain = 'd' AND bucket >= '2024-06-01T00:00:00Z' AND bucket < '2024-06-04T00:00:00Z' AND customer_id = 0";
        String window = days + " AND surface <> '*'";
        String everySurface = days + " AND surface = '*'";
        String range = " occurred_at >= '2024-06-01T00:00:00Z' AND occurred_at < '2024-06-04T00:00:00Z'";
        try {
            AnalyticsApiTest.rollAll(rollups);
            // arrives long after it occurred: a late event, folded by the next run like any other
            Seeder.insert(pool, forUser(sub, 9, 29));
            AnalyticsApiTest.rollAll(rollups);
            assertTrue(scalar("SELECT count(*) FROM analytics_rollup_user_sessions WHERE user_sub = $1", sub) > 0);
            assertEquals(count("type = 'login_success' AND" + range), scalar("SELECT sum(login_successes) FROM analytics_rollup_totals" + window));
            assertTrue(count("user_sub = $1 AND type = 'login_success'", sub) > 0);
            overviewMatchesRawEvents(window);

            given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/{sub}", sub).then().statusCode(200)
                    .body("deleted", equalTo(29));

            assertEquals(0, scalar("SELECT count(*) FROM analytics_rollup_user_sessions WHERE user_sub = $1", sub));
            // the cube rows of those days were rebuilt from the remaining events: counters and sketches without the subject
            assertEquals(count("type = 'login_success' AND" + range), scalar("SELECT sum(login_successes) FROM analytics_rollup_totals" + window));
            assertEquals(count(range.strip()), scalar("SELECT sum(page_views + clicks + login_successes + login_failures) FROM analytics_rollup_totals"
                    + window) + count("type = 'time_on_page' AND" + range));
            assertEquals(count(range.strip()), scalar("SELECT sum(page_views + clicks + login_successes + login_failures) FROM analytics_rollup_totals"
                    + everySurface) + count("type = 'time_on_page' AND" + range), "the every-surface ('*') day rows too");
            overviewMatchesRawEvents(window);
        } finally {
            rollups.reset().await().indefinitely();
        }
    }

    @Test
    void blankOrOversizedSubIsRefused() {
        given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/{sub}", "x".repeat(129)).then().statusCode(400)
                .body("field", equalTo("sub"));
        given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/{sub}", "a b").then().statusCode(400)
                .body("field", equalTo("sub"));
    }
}
