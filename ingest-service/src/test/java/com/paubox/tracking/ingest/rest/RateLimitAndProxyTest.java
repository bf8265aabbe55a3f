package com.paubox.tracking.ingest.rest;

import static com.paubox.tracking.ingest.rest.TestEvents.BROWSER;
import static com.paubox.tracking.ingest.rest.TestEvents.PATH;
import static com.paubox.tracking.ingest.rest.TestEvents.batch;
import static com.paubox.tracking.ingest.rest.TestEvents.login;
import static com.paubox.tracking.ingest.rest.TestEvents.pageView;
import static com.paubox.tracking.ingest.rest.TestEvents.row;
import static com.paubox.tracking.ingest.rest.TestEvents.rowsOfSession;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;

/**
 * Production-like profile: the client IP from a trusted proxy's X-Forwarded-For (geo enrichment, the
 * 60/minute per-IP limit) and the management interface.
 */
@QuarkusTest
@TestProfile(TrustedProxyProfile.class)
@QuarkusTestResource(PostgresTestResource.class)
class RateLimitAndProxyTest {

    @Inject
    Pool pool;

    // Relative to the management root path (/q): "/q/metrics" here would resolve to /q/q/metrics.
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    @Test
    void healthAndMetricsLiveOnTheManagementInterfaceOnly() {
        given().when().get("/q/metrics").then().statusCode(404);
        given().when().get("/q/health/ready").then().statusCode(404);
        given().when().get(ready).then().statusCode(200).body("status", equalTo("UP"));
        given().when().get(live).then().statusCode(200);
        given().when().get(metrics).then().statusCode(200).body(containsString("analytics_ingest_events_total"));
    }

    @Test
    void loginEventsGetGeographyOfTheForwardedClient() {
        ObjectNode london = login(UUID.randomUUID());
        send(london, "81.2.69.142", BROWSER);
        Row row = row(pool, london.get("event_id").asText());
        assertEquals("London", row.getString("geo_city"));
        assertEquals("ENG", row.getString("geo_region"));
        assertEquals("GB", row.getString("geo_country"));
        assertEquals("Chrome", row.getString("browser"));

        ObjectNode milton = login(UUID.randomUUID());
        milton.put("type", "login_failure");
        milton.put("error_code", "invalid_grant");
        send(milton, "216.160.83.56", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
        Row m = row(pool, milton.get("event_id").asText());
        assertEquals("Milton", m.getString("geo_city"));
        assertEquals("WA", m.getString("geo_region"));
        assertEquals("US", m.getString("geo_country"));
        assertEquals("Mobile Safari", m.getString("browser"));
        assertEquals("iOS", m.getString("os"));
        assertEquals("mobile", m.getString("device_type"));

        ObjectNode view = pageView(UUID.randomUUID());
        send(view, "81.2.69.142", BROWSER);
        assertNull(row(pool, view.get("event_id").asText()).getString("geo_city")); // only logins
    }

    @Test
    void sixtyEventsPerMinutePerClientIpTheRestDroppedWith204() {
        UUID session = UUID.randomUUID();
        String ip = "203.0.113.10";
        List<ObjectNode> first = events(session, 50);
        List<ObjectNode> second = events(session, 11);
        send(batch(first), ip, BROWSER);
        send(batch(second), ip, BROWSER); // 10 fit, the 61st is dropped
        send(pageView(session), ip, BROWSER); // over the limit: dropped, still 204
        List<Row> rows = rowsOfSession(pool, session);
        assertEquals(60, rows.size());
        assertNull(row(pool, second.get(10).get("event_id").asText()));

        // Another client is not affected by the first one's limit.
        UUID other = UUID.randomUUID();
        send(batch(events(other, 50)), "203.0.113.11", BROWSER);
        assertEquals(50, rowsOfSession(pool, other).size());
    }

    @Test
    void aLimitedClientCannotEscapeByChangingItsUserAgentOrSession() {
        String ip = "203.0.113.20";
        UUID s1 = UUID.randomUUID();
        send(batch(events(s1, 50)), ip, BROWSER);
        send(batch(events(s1, 10)), ip, BROWSER);
        UUID s2 = UUID.randomUUID();
        send(batch(events(s2, 5)), ip, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0");
        assertEquals(60, rowsOfSession(pool, s1).size());
        assertEquals(0, rowsOfSession(pool, s2).size());
    }

    private static List<ObjectNode> events(UUID session, int n) {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(pageView(session));
        }
        return events;
    }

    private static void send(Object body, String forwardedFor, String userAgent) {
        given().contentType("text/plain").header("User-Agent", userAgent).header("X-Forwarded-For", forwardedFor)
                .body(body.toString()).when().post(PATH).then().statusCode(204);
    }
}
