package com.paubox.tracking.ingest.rest;

import static com.paubox.tracking.ingest.rest.TestEvents.BROWSER;
import static com.paubox.tracking.ingest.rest.TestEvents.JSON;
import static com.paubox.tracking.ingest.rest.TestEvents.PATH;
import static com.paubox.tracking.ingest.rest.TestEvents.batch;
import static com.paubox.tracking.ingest.rest.TestEvents.count;
import static com.paubox.tracking.ingest.rest.TestEvents.login;
import static com.paubox.tracking.ingest.rest.TestEvents.pageView;
import static com.paubox.tracking.ingest.rest.TestEvents.post;
import static com.paubox.tracking.ingest.rest.TestEvents.row;
import static com.paubox.tracking.ingest.rest.TestEvents.rowsOfSession;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.paubox.tracking.database.PostgresTestResource;
import com.paubox.tracking.model.ContractFixtures;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;

/** The endpoint on a real PostgreSQL, default configuration: no proxy trusted, 127.0.0.1 is the client. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class EventEndpointTest {

    @Inject
    Pool pool;

    @Test
    void everyValidContractBodyIsStoredWithItsFields() throws Exception {
        for (Path file : ContractFixtures.validBodies()) {
            JsonNode body = JSON.readTree(ContractFixtures.read(file));
            List<ObjectNode> events = new ArrayList<>();
            if (body.has("events")) {
                body.get("events").forEach(e -> events.add((ObjectNode) e));
            } else {
                events.add((ObjectNode) body);
            }
            for (ObjectNode e : events) {
                e.put("event_id", UUID.randomUUID().toString()); // fresh, so runs never collide
                e.put("occurred_at", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).truncatedTo(ChronoUnit.MILLIS).toString());
            }
            post(body).statusCode(204);
            for (ObjectNode e : events) {
                Row row = row(pool, e.get("event_id").asText());
                assertNotNull(row, file.getFileName() + " not stored");
                assertEquals(e.get("type").asText(), row.getString("type"));
                assertEquals(UUID.fromString(e.get("anon_id").asText()), row.getUUID("anon_id"));
                assertEquals(UUID.fromString(e.get("session_id").asText()), row.getUUID("session_id"));
                assertEquals(e.get("session_count").asInt(), row.getInteger("session_count"));
                assertEquals(e.get("surface").asText(), row.getString("surface"));
                assertEquals(e.get("page_path").asText(), row.getString("page_path"));
                assertEquals(textOrNull(e, "user_sub"), row.getString("user_sub"));
                assertEquals(e.hasNonNull("customer_id") ? e.get("customer_id").asLong() : null, row.getLong("customer_id"));
                assertEquals(textOrNull(e, "label"), row.getString("label"));
                assertEquals(textOrNull(e, "element"), row.getString("element"));
                assertEquals(textOrNull(e, "href_path"), row.getString("href_path"));
                assertEquals(textOrNull(e, "error_code"), row.getString("error_code"));
                assertEquals(e.hasNonNull("duration_ms") ? e.get("duration_ms").asInt() : null, row.getInteger("duration_ms"));
                assertEquals(e.hasNonNull("visible_ms") ? e.get("visible_ms").asInt() : null, row.getInteger("visible_ms"));
                assertEquals(OffsetDateTime.parse(e.get("occurred_at").asText()).toInstant(),
                        row.getOffsetDateTime("occurred_at").toInstant());
                assertNotNull(row.getOffsetDateTime("received_at"));
                if (e.hasNonNull("properties")) {
                    assertEquals(new JsonObject(e.get("properties").toString()), row.getJsonObject("properties"));
                } else {
                    assertNull(row.getValue("properties"));
                }
            }
        }
    }

    @Test
    void bothBeaconMediaTypesAreAccepted() {
        for (String type : List.of("text/plain", "text/plain;charset=UTF-8", "application/json", "application/json; charset=utf-8")) {
            ObjectNode e = pageView(UUID.randomUUID());
            given().contentType(type).header("User-Agent", BROWSER).body(e.toString())
                    .when().post(PATH).then().statusCode(204).body(emptyOrNullString());
            assertEquals(1, count(pool, e.get("event_id").asText()), type);
        }
    }

    @Test
    void theEndpointRunsOnTheEventLoop() {
        given().contentType("text/plain").header("User-Agent", BROWSER).header("X-Probe-Thread", "1")
                .body(pageView(UUID.randomUUID()).toString()).when().post(PATH)
                .then().statusCode(204).header("X-Probe-Event-Loop", "true");
    }

    @Test
    void everyInvalidContractBodyIs400Or413NamingTheFieldAndNothingIsStored() {
        for (ContractFixtures.InvalidCase c : ContractFixtures.invalidCases()) {
            given().contentType("text/plain").header("User-Agent", BROWSER).body(ContractFixtures.bytes(c.body()))
                    .when().post(PATH)
                    .then().statusCode(c.status())
                    .contentType(startsWith(Problem.MEDIA_TYPE))
                    .body("status", equalTo(c.status()))
                    .body("field", equalTo(c.field()))
                    .body("title", not(emptyOrNullString()));
        }
        // The contract's invalid bodies all use the same event id: none of them reached the table.
        assertEquals(0, count(pool, "3f1c9a52-6a0e-4c47-9d8e-0b7f2f1d4a01"));
    }

    @Test
    void malformedJsonIs400() {
        for (String body : List.of("{", "not json", "{\"events\": [", "", "{} {}", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]")) {
            given().contentType("text/plain").header("User-Agent", BROWSER).body(body).when().post(PATH)
                    .then().statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE)).body("field", not(emptyOrNullString()));
        }
    }

    @Test
    void hostileNestingIsRefusedCheaply() {
        String deep = "{\"events\":[" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "]}";
        long start = System.nanoTime();
        given().contentType("text/plain").header("User-Agent", BROWSER).body(deep).when().post(PATH)
                .then().statusCode(400).contentType(startsWith(Problem.MEDIA_TYPE));
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void overTheBodyLimitIs413ProblemJson() {
        ObjectNode e = pageView(UUID.randomUUID());
        e.put("page_path", "/" + "a".repeat(1000));
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ObjectNode copy = e.deepCopy();
            copy.put("event_id", UUID.randomUUID().toString());
            copy.putObject("properties").put("pad", "x".repeat(250));
            events.add(copy);
        }
        String body = batch(events).toString();
        assertTrue(body.length() > 65_536);
        given().contentType("text/plain").header("User-Agent", BROWSER).body(body).when().post(PATH)
                .then().statusCode(413).contentType(startsWith(Problem.MEDIA_TYPE)).body("status", equalTo(413));
        assertEquals(0, count(pool, events.get(0).get("event_id").asText()));
    }

    @Test
    void overTheBatchLimitIs413() {
        UUID session = UUID.randomUUID();
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            events.add(pageView(session));
        }
        post(batch(events)).statusCode(413).contentType(startsWith(Problem.MEDIA_TYPE)).body("field", equalTo("events"));
        assertTrue(rowsOfSession(pool, session).isEmpty());
    }

    @Test
    void otherMediaTypesAre415ProblemJson() {
        for (String type : List.of("application/xml", "text/html", "application/octet-stream", "image/png")) {
            ObjectNode e = pageView(UUID.randomUUID());
            given().contentType(type).header("User-Agent", BROWSER).body(e.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .when().post(PATH).then().statusCode(415).contentType(startsWith(Problem.MEDIA_TYPE))
                    .body("status", equalTo(415));
            assertEquals(0, count(pool, e.get("event_id").asText()));
        }
    }

    @Test
    void piiAndRecordIdsAreScrubbedBeforeStorage() {
        ObjectNode click = pageView(UUID.randomUUID());
        click.put("type", "click");
        click.put("page_path", "/patients/48213/messages/3f1c9a52-6a0e-4c47-9d8e-0b7f2f1d4a01?q=jane@example.com#reply");
        click.put("label", "Call 555-234-5678 or mail jane.doe@example.com");
        click.put("element", "a");
        click.put("href_path", "/users/jane.doe@example.com/records/123-45-6789");
        ObjectNode props = click.putObject("properties");
        props.put("note", "card 4111 1111 1111 1111, ssn 123-45-6789");
        props.put("jane@example.com", true);
        props.put("order", "1234-5678-9012-3456");
        props.putObject("nested").put("phone", "(415) 555-2671");
        post(click).statusCode(204);
        Row row = row(pool, click.get("event_id").asText());
        assertEquals("/patients/:id/messages/:id", row.getString("page_path"));
        assertEquals("Call [phone] or mail [email]", row.getString("label"));
        assertEquals("/users/[email]/records/[ssn]", row.getString("href_path"));
        JsonObject stored = row.getJsonObject("properties");
        assertEquals("card [card], ssn [ssn]", stored.getString("note"));
        assertEquals(Boolean.TRUE, stored.getBoolean("[email]"));
        assertEquals("1234-5678-9012-3456", stored.getString("order")); // fails Luhn: an order number survives
        assertEquals("[phone]", stored.getJsonObject("nested").getString("phone"));
        assertFalse(row.toJson().encode().contains("48213/"));
        assertFalse(row.toJson().encode().contains("jane"));

        ObjectNode failure = login(UUID.randomUUID());
        failure.put("type", "login_failure");
        failure.put("error_code", "blocked jane@example.com");
        post(failure).statusCode(204);
        assertEquals("blocked [email]", row(pool, failure.get("event_id").asText()).getString("error_code"));
    }

    @Test
    void botsAreDroppedWhileTheAnswerIs204() {
        UUID session = UUID.randomUUID();
        for (String ua : List.of("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0",
                "python-requests/2.31.0", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36")) {
            given().contentType("text/plain").header("User-Agent", ua).body(pageView(session).toString())
                    .when().post(PATH).then().statusCode(204);
        }
        // No User-Agent at all (RestAssured would add its own, so send an empty one).
        given().contentType("text/plain").header("User-Agent", "").body(pageView(session).toString())
                .when().post(PATH).then().statusCode(204);
        assertTrue(rowsOfSession(pool, session).isEmpty());
    }

    @Test
    void duplicatesAreStoredOnce() {
        UUID session = UUID.randomUUID();
        ObjectNode e = pageView(session);
        post(e).statusCode(204);
        post(e).statusCode(204);
        post(batch(List.of(e, e.deepCopy()))).statusCode(204);
        assertEquals(1, rowsOfSession(pool, session).size());
    }

    @Test
    void absurdClientClockIsClampedToReceiveTime() {
        UUID session = UUID.randomUUID();
        ObjectNode old = pageView(session);
        old.put("occurred_at", OffsetDateTime.now(ZoneOffset.UTC).minusDays(30).toString());
        ObjectNode future = pageView(session);
        future.put("occurred_at", OffsetDateTime.now(ZoneOffset.UTC).plusHours(3).toString());
        ObjectNode fine = pageView(session);
        fine.put("occurred_at", OffsetDateTime.now(ZoneOffset.UTC).minusDays(6).truncatedTo(ChronoUnit.MILLIS).toString());
        post(batch(List.of(old, future, fine))).statusCode(204);
        for (ObjectNode clamped : List.of(old, future)) {
            Row row = row(pool, clamped.get("event_id").asText());
            assertEquals(row.getOffsetDateTime("received_at").toInstant(), row.getOffsetDateTime("occurred_at").toInstant());
        }
        Row kept = row(pool, fine.get("event_id").asText());
        assertEquals(OffsetDateTime.parse(fine.get("occurred_at").asText()).toInstant(), kept.getOffsetDateTime("occurred_at").toInstant());
    }

    @Test
    void loginEventsGetUserAgentFieldsAndSpoofedForwardedForIsIgnored() {
        ObjectNode e = login(UUID.randomUUID());
        // The peer (127.0.0.1) is not a trusted proxy: this header must not be believed.
        beaconWithForwardedFor(e, "81.2.69.142");
        Row row = row(pool, e.get("event_id").asText());
        assertEquals("Chrome", row.getString("browser"));
        assertEquals("Mac OS X", row.getString("os"));
        assertEquals("desktop", row.getString("device_type"));
        assertNull(row.getString("geo_city"));
        assertNull(row.getString("geo_country"));

        ObjectNode view = pageView(UUID.randomUUID());
        beaconWithForwardedFor(view, "81.2.69.142");
        Row viewRow = row(pool, view.get("event_id").asText());
        assertNull(viewRow.getString("browser")); // only login events are enriched
    }

    private static void beaconWithForwardedFor(ObjectNode e, String ip) {
        given().contentType("text/plain").header("User-Agent", BROWSER).header("X-Forwarded-For", ip)
                .header("Forwarded", "for=" + ip).body(e.toString()).when().post(PATH).then().statusCode(204);
    }

    @Test
    void corsPreflightForAllowedOriginsOnly() {
        given().header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .when().options(PATH)
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:3000")
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Methods", containsString("POST"));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .when().options(PATH)
                .then().header("Access-Control-Allow-Origin", nullValue());
        // A simple (text/plain) cross-origin beacon from an allowed origin gets the header on the answer too.
        beaconFrom("http://localhost:3000").statusCode(204).header("Access-Control-Allow-Origin", "http://localhost:3000");
        // From any other origin the CORS filter refuses the beacon before the pipeline sees it.
        beaconFrom("https://evil.example").statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }

    private static io.restassured.response.ValidatableResponse beaconFrom(String origin) {
        return given().contentType("text/plain").header("User-Agent", BROWSER).header("Origin", origin)
                .body(pageView(UUID.randomUUID()).toString()).when().post(PATH).then();
    }

    @Test
    void metricsCountOutcomesBatchesAndQueue() {
        post(pageView(UUID.randomUUID())).statusCode(204);
        given().contentType("text/plain").header("User-Agent", "curl/8").body(pageView(UUID.randomUUID()).toString())
                .when().post(PATH).then().statusCode(204);
        given().contentType("text/plain").header("User-Agent", BROWSER).body("{").when().post(PATH).then().statusCode(400);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String expected : List.of("analytics_ingest_events_total{outcome=\"accepted\"}",
                "analytics_ingest_events_total{outcome=\"bot\"}", "analytics_ingest_events_total{outcome=\"invalid\"}",
                "analytics_ingest_events_total{outcome=\"rate_limited\"}", "analytics_ingest_events_total{outcome=\"unavailable\"}",
                "analytics_ingest_events_total{outcome=\"duplicate\"}", "analytics_ingest_batch_size_count",
                "analytics_ingest_commit_latency_seconds_bucket", "analytics_ingest_queue_depth")) {
            assertTrue(metrics.contains(expected), expected + " missing from /q/metrics");
        }
        assertFalse(metrics.contains("127.0.0.1"));
    }

    @Test
    void readinessIncludesTheDatabaseAndTheWriter() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'event-writer' }.status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("Reactive PostgreSQL")));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void logsNeverHoldTheIpTheUserAgentARawPathOrABody() {
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                String name = String.valueOf(record.getLoggerName());
                if (name.startsWith("org.apache.http") || name.startsWith("io.restassured")) {
                    return; // the test's own HTTP client logs what it sends
                }
                logged.add(name + " " + String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                        + " " + (record.getThrown() == null ? "" : record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Level level = root.getLevel();
        root.addHandler(capture);
        root.setLevel(java.util.logging.Level.ALL);
        try {
            String marker = "Zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            String ua = BROWSER + " Marker/" + marker;
            ObjectNode e = login(UUID.randomUUID());
            e.put("page_path", "/patients/" + marker + "/jane.doe@example.com?ssn=123-45-6789");
            given().contentType("text/plain").header("User-Agent", ua).header("X-Forwarded-For", "198.51.100.23")
                    .body(e.toString()).when().post(PATH).then().statusCode(204);
            given().contentType("text/plain").header("User-Agent", "curl/" + marker).body(e.toString())
                    .when().post(PATH).then().statusCode(204);
            ObjectNode bad = e.deepCopy();
            bad.put("type", "nope");
            given().contentType("text/plain").header("User-Agent", ua).body(bad.toString()).when().post(PATH).then().statusCode(400);
            given().contentType("text/plain").header("User-Agent", ua).body("{\"x\": \"" + marker + "\"").when().post(PATH)
                    .then().statusCode(400);
            for (String line : logged) {
                for (String secret : List.of(marker, "198.51.100.23", "127.0.0.1", "jane.doe", "123-45-6789")) {
                    assertFalse(line.contains(secret), "log line holds " + secret + ": " + line);
                }
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(level);
        }
    }

    private static String textOrNull(JsonNode e, String field) {
        return e.hasNonNull(field) ? e.get(field).asText() : null;
    }

}
