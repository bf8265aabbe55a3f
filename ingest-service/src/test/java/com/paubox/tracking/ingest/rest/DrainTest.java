package com.paubox.tracking.ingest.rest;

import static com.paubox.tracking.ingest.rest.TestEvents.BROWSER;
import static com.paubox.tracking.ingest.rest.TestEvents.PATH;
import static com.paubox.tracking.ingest.rest.TestEvents.batch;
import static com.paubox.tracking.ingest.rest.TestEvents.pageView;
import static com.paubox.tracking.ingest.rest.TestEvents.rowsOfSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.paubox.tracking.ingest.repository.EventWriter;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * Shutdown drain (what the ShutdownEvent observer runs on SIGTERM): with requests in flight, drain() stops
 * intake and commits everything queued. Every request answered 204 is in the table; later ones get 503.
 * Runs in its own profile because it leaves the writer closed.
 */
@QuarkusTest
@TestProfile(DrainTest.DrainProfile.class)
class DrainTest {

    public static class DrainProfile extends OutageProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            // A slow flush, so events are still queued when the drain starts.
            return java.util.Map.of("analytics.writer.flush-interval", "PT0.5S", "analytics.writer.batch-size", "5000");
        }
    }

    @Inject
    Pool pool;

    @Inject
    EventWriter writer;

    @TestHTTPResource(PATH)
    URI endpoint;

    @Test
    void drainCommitsEverythingQueuedAndThenRefuses() {
        HttpClient client = HttpClient.newHttpClient();
        UUID session = UUID.randomUUID();
        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<ObjectNode> events = new ArrayList<>();
            for (int j = 0; j < 5; j++) {
                events.add(pageView(session));
            }
            answers.add(client.sendAsync(HttpRequest.newBuilder(endpoint).header("Content-Type", "text/plain")
                    .header("User-Agent", BROWSER).POST(HttpRequest.BodyPublishers.ofString(batch(events).toString())).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        // Wait until some of them sit in the queue, then drain as shutdown does.
        long deadline = System.currentTimeMillis() + 10_000;
        while (writer.depth() == 0 && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(writer.depth() > 0, "nothing was queued");
        assertTrue(writer.drain());
        assertEquals(0, writer.depth());

        int ok = 0;
        for (CompletableFuture<HttpResponse<Void>> answer : answers) {
            int status = answer.join().statusCode();
            assertTrue(status == 204 || status == 503, "status " + status);
            ok += status == 204 ? 1 : 0;
        }
        assertEquals(ok * 5, rowsOfSession(pool, session).size());
        assertTrue(ok > 0);
        // Once drained, the writer refuses: 503, never a 204 for data that will not be stored.
        io.restassured.RestAssured.given().contentType("text/plain").header("User-Agent", BROWSER)
                .body(pageView(session).toString()).when().post(PATH).then().statusCode(503);
    }
}
