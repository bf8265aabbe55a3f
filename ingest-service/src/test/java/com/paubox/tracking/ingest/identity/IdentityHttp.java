package com.paubox.tracking.ingest.identity;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.paubox.tracking.ingest.pipeline.TestIdentity;

import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Beacons with identity tokens, stored rows and the identity metric, for the endpoint tests of this package. */
final class IdentityHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PATH = "/api/analytics/event";
    static final String BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

    private IdentityHttp() {
    }

    /** A page view claiming {@code sub} and {@code customer} (either may be null). */
    static ObjectNode event(String sub, Long customer) {
        ObjectNode e = JSON.createObjectNode();
        e.put("event_id", UUID.randomUUID().toString());
        e.put("type", "page_view");
        e.put("occurred_at", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        e.put("anon_id", UUID.randomUUID().toString());
        e.put("session_id", UUID.randomUUID().toString());
        e.put("session_count", 1);
        if (sub != null) {
            e.put("user_sub", sub);
        }
        if (customer != null) {
            e.put("customer_id", customer);
        }
        e.put("surface", "dashboard");
        e.put("page_path", "/messages/inbox");
        return e;
    }

    static ObjectNode claimed() {
        return event(TestIdentity.SUB, TestIdentity.CUSTOMER);
    }

    static ObjectNode batch(String token, List<ObjectNode> events) {
        ObjectNode b = JSON.createObjectNode();
        ArrayNode array = b.putArray("events");
        events.forEach(array::add);
        if (token != null) {
            b.put("identity_token", token);
        }
        return b;
    }

    static ValidatableResponse post(Object body) {
        return given().contentType("text/plain;charset=UTF-8").header("User-Agent", BROWSER).body(body.toString())
                .when().post(PATH).then();
    }

    static Row row(Pool pool, ObjectNode event) {
        List<Row> rows = pool.preparedQuery("SELECT user_sub, customer_id FROM analytics_events WHERE event_id = $1")
                .execute(Tuple.of(UUID.fromString(event.get("event_id").asText()))).await().indefinitely().stream().toList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** One series of /q/metrics, e.g. {@code analytics_identity_rejected_events_total{reason="invalid"}}; 0 when absent. */
    static double metric(String series) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    static double rejected(String reason) {
        return metric("analytics_identity_rejected_events_total{reason=\"" + reason + "\"}");
    }

    static double[] allRejected() {
        return new double[] { rejected("missing"), rejected("invalid"), rejected("expired"), rejected("mismatch") };
    }
}
