package com.paubox.tracking.ingest.rest;

import static io.restassured.RestAssured.given;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Builds wire events and reads stored rows for the endpoint tests. */
final class TestEvents {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PATH = "/api/analytics/event";
    static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

    private TestEvents() {
    }

    static ObjectNode pageView(UUID session) {
        ObjectNode e = JSON.createObjectNode();
        e.put("event_id", UUID.randomUUID().toString());
        e.put("type", "page_view");
        e.put("occurred_at", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).toString());
        e.put("anon_id", UUID.randomUUID().toString());
        e.put("session_id", session.toString());
        e.put("session_count", 3);
        e.put("user_sub", "auth0|64f1c2d3e4b5a6978812ab34");
        e.put("customer_id", 48213);
        e.put("surface", "dashboard");
        e.put("page_path", "/messages/inbox");
        return e;
    }

    static ObjectNode login(UUID session) {
        ObjectNode e = pageView(session);
        e.put("type", "login_success");
        e.put("page_path", "/login");
        return e;
    }

    static ObjectNode batch(List<ObjectNode> events) {
        ObjectNode b = JSON.createObjectNode();
        ArrayNode array = b.putArray("events");
        events.forEach(array::add);
        return b;
    }

    static RequestSpecification beacon(Object body) {
        return given().contentType("text/plain;charset=UTF-8").header("User-Agent", BROWSER).body(body.toString());
    }

    static ValidatableResponse post(Object body) {
        return beacon(body).when().post(PATH).then();
    }

    static List<Row> rowsOfSession(Pool pool, UUID session) {
        return pool.preparedQuery("SELECT * FROM analytics_events WHERE session_id = $1 ORDER BY occurred_at, event_id")
                .execute(Tuple.of(session)).await().indefinitely().stream().toList();
    }

    static Row row(Pool pool, String eventId) {
        List<Row> rows = pool.preparedQuery("SELECT * FROM analytics_events WHERE event_id = $1")
                .execute(Tuple.of(UUID.fromString(eventId))).await().indefinitely().stream().toList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    static long count(Pool pool, String eventId) {
        return pool.preparedQuery("SELECT count(*) FROM analytics_events WHERE event_id = $1")
                .execute(Tuple.of(UUID.fromString(eventId))).await().indefinitely().iterator().next().getLong(0);
    }
}
