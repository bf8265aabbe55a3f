package com.paubox.tracking.ingest.reliability;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * A JSON "\u0000" escape is valid JSON but PostgreSQL cannot store NUL in text or jsonb: such an event must
 * be refused up front (400), not fail its whole batch at the database (503 for every client whose events
 * shared the batch, and a poison pill the snippet would retry forever). Escaped backslashes stay accepted.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class NulCharacterTest {

    static final String NUL = "\\" + "u0000";

    @Inject
    Pool pool;

    @Test
    void nulEscapesAreRefusedAndDoNotPoisonOtherEvents() {
        UUID session = UUID.randomUUID();
        List<String> hostile = List.of(
                event(session, "page_view", "\"page_path\":\"/a" + NUL + "b\""),
                event(session, "page_view", "\"page_path\":\"/p\",\"user_sub\":\"auth0|x" + NUL + "\""),
                event(session, "page_view", "\"page_path\":\"/p\",\"properties\":{\"k\":\"v" + NUL + "\"}"),
                event(session, "page_view", "\"page_path\":\"/p\",\"properties\":{\"k" + NUL + "\":1}"),
                event(session, "page_view", "\"page_path\":\"/p\",\"properties\":{\"o\":{\"k\":\"" + NUL + "\"}}"),
                event(session, "click", "\"page_path\":\"/p\",\"label\":\"x" + NUL + "\",\"element\":\"button\""),
                event(session, "click", "\"page_path\":\"/p\",\"label\":\"x\",\"element\":\"button\",\"href_path\":\"/h" + NUL + "\""),
                event(session, "login_failure", "\"page_path\":\"/login\",\"error_code\":\"bad" + NUL.toUpperCase().replace("\\U", "\\u") + "\""));
        for (String body : hostile) {
            given().contentType("text/plain").header("User-Agent", OutageUnderLoadTest.BROWSER).body(body).when()
                    .post("/api/analytics/event").then().statusCode(400);
            // The next clean event is stored as usual.
            given().contentType("text/plain").header("User-Agent", OutageUnderLoadTest.BROWSER)
                    .body(event(session, "page_view", "\"page_path\":\"/clean\"")).when().post("/api/analytics/event").then().statusCode(204);
        }
        // A literal backslash followed by u0000 (escaped backslash) is ordinary text and is stored.
        given().contentType("text/plain").header("User-Agent", OutageUnderLoadTest.BROWSER)
                .body(event(session, "page_view", "\"page_path\":\"/lit\\\\u0000\"")).when().post("/api/analytics/event").then().statusCode(204);
        long stored = pool.preparedQuery("SELECT count(*) FROM analytics_events WHERE session_id = $1").execute(Tuple.of(session)).await()
                .indefinitely().iterator().next().getLong(0);
        assertEquals(hostile.size() + 1, stored);
    }

    static String event(UUID session, String type, String fields) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"occurred_at\":\"" + java.time.Instant.now()
                + "\",\"anon_id\":\"" + session + "\",\"session_id\":\"" + session + "\",\"session_count\":1,\"surface\":\"nul\"," + fields + "}";
    }
}
