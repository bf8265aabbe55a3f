package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * /customers under a section prefix in New York time: the range's first UTC day is read as its day row minus the 4 hours
 * before New York's midnight (EDT). Customers whose events there are outside the range must lose them — and a customer
 * with no event left in the range must not be listed — with the rollups and without them.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class PartialDayComplementTest {

    /** A surface of its own, on days no other test reads (they count the last 45 days and June 2024). */
    static final String SURFACE = "complement-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    Pool pool;

    @Inject
    RollupRepository rollups;

    static SeededEvent event(long customer, String at, String type) {
        boolean click = type.equals("click");
        return new SeededEvent(UUID.randomUUID(), OffsetDateTime.parse(at), type, UUID.randomUUID(), UUID.randomUUID(), 1, "auth0|complement-" + at,
                customer, SURFACE, "/messages/inbox", null, null, click ? "Send" : null, click ? "button" : null, null, null, null, null, null, null,
                null, null);
    }

    /** The range: 10–12 March 2025 in New York = [10 March 04:00 UTC, 13 March 04:00 UTC). */
    static final List<SeededEvent> EVENTS = List.of(
            // before the range, only: not listed
            event(901, "2025-03-10T01:00:00Z", "page_view"), event(901, "2025-03-10T02:00:00Z", "page_view"),
            event(901, "2025-03-10T03:59:59Z", "click"),
            // two page views before, one inside
            event(902, "2025-03-10T02:30:00Z", "page_view"), event(902, "2025-03-10T03:00:00Z", "page_view"),
            event(902, "2025-03-10T10:00:00Z", "page_view"),
            // a click before, a click inside: listed, with no page view
            event(903, "2025-03-10T01:30:00Z", "click"), event(903, "2025-03-11T12:00:00Z", "click"),
            // inside on the first day's first second, a whole day and the last day's raw hours; one after the range
            event(904, "2025-03-10T04:00:00Z", "page_view"), event(904, "2025-03-12T12:00:00Z", "page_view"),
            event(904, "2025-03-13T03:59:59Z", "page_view"), event(904, "2025-03-13T04:00:00Z", "page_view"),
            // after the range, only: not listed
            event(905, "2025-03-13T05:00:00Z", "page_view"));

    List<Map<String, Object>> customers() {
        return given().auth().oauth2(Tokens.admin()).queryParam("from", "2025-03-10").queryParam("to", "2025-03-12")
                .queryParam("tz", "America/New_York").queryParam("surface", SURFACE).queryParam("path_prefix", "/messages")
                .when().get("/api/admin/analytics/customers").then().statusCode(200).extract().jsonPath().getList("rows");
    }

    static List<List<Object>> summary(List<Map<String, Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            out.add(List.of(((Number) r.get("customer_id")).longValue(), ((Number) r.get("page_views")).longValue(),
                    ((Number) r.get("unique_users")).longValue(), ((Number) r.get("sessions")).longValue(), r.get("last_seen")));
        }
        return out;
    }

    @Test
    void eventsBeforeTheRangeOnItsFirstUtcDayAreLeftOut() {
        Seeder.insert(pool, EVENTS);
        List<List<Object>> expected = List.of(
                List.of(904L, 3L, 3L, 3L, "2025-03-12T23:59:59-04:00"),
                List.of(902L, 1L, 1L, 1L, "2025-03-10T06:00:00-04:00"),
                List.of(903L, 0L, 1L, 1L, "2025-03-11T08:00:00-04:00"));
        assertEquals(expected, summary(customers()), "raw events only");
        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
        assertEquals(expected, summary(customers()), "day rows, the first day by complement, the last day's hours raw");
    }

    /** Other test classes share the database and expect no rollups (AnalyticsApiTest builds its own). */
    @AfterEach
    void leaveRawEventsOnly() {
        rollups.reset().await().indefinitely();
    }
}
