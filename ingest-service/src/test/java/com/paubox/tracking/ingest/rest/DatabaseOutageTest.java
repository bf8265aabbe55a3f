package com.paubox.tracking.ingest.rest;

import static com.paubox.tracking.ingest.rest.TestEvents.BROWSER;
import static com.paubox.tracking.ingest.rest.TestEvents.PATH;
import static com.paubox.tracking.ingest.rest.TestEvents.batch;
import static com.paubox.tracking.ingest.rest.TestEvents.pageView;
import static com.paubox.tracking.ingest.rest.TestEvents.rowsOfSession;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.paubox.tracking.database.ControlledPostgresResource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/** Storage down: 503 with Retry-After, never 204; once it is back, the retried events are stored. */
@QuarkusTest
@TestProfile(OutageProfile.class)
class DatabaseOutageTest {

    @Inject
    Pool pool;

    @Test
    void stoppedDatabaseGives503AndNoLossOnceBack() throws Exception {
        UUID session = UUID.randomUUID();
        ObjectNode before = pageView(session);
        send(before).then().statusCode(204);

        ControlledPostgresResource.stopDatabase();
        ObjectNode during1 = pageView(session);
        ObjectNode during2 = pageView(session);
        Object body = batch(List.of(during1, during2));
        try {
            long start = System.nanoTime();
            Response refused = send(body);
            long millis = (System.nanoTime() - start) / 1_000_000; // the exchange only, not RestAssured's body parsing
            System.out.println("RELIABILITY database-outage: first 503 after " + millis + " ms");
            refused.then().statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType(startsWith(Problem.MEDIA_TYPE))
                    .body("status", equalTo(503));
            assertTrue(millis <= 2_000, "503 must come within 2 s, took " + millis + " ms");
            given().when().get("/q/health/ready").then().statusCode(503);
        } finally {
            ControlledPostgresResource.startDatabase();
        }

        // The client (the snippet) retries after Retry-After; the service recovers without a restart.
        int status = 0;
        for (int attempt = 0; attempt < 30 && status != 204; attempt++) {
            status = send(body).statusCode();
            if (status != 204) {
                assertEquals(503, status);
                Thread.sleep(500);
            }
        }
        assertEquals(204, status);
        assertEquals(3, rowsOfSession(pool, session).size());
        int ready = 0;
        String health = "";
        for (int attempt = 0; attempt < 20 && ready != 200; attempt++) {
            Response r = given().when().get("/q/health/ready");
            ready = r.statusCode();
            health = r.asString();
            if (ready != 200) {
                Thread.sleep(500);
            }
        }
        assertEquals(200, ready, health);
    }

    private static Response send(Object body) {
        return given().contentType("text/plain").header("User-Agent", BROWSER).body(body.toString()).when().post(PATH);
    }
}
