package com.paubox.tracking.ingest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.ingest.rest.ControlledPostgresResource;
import com.paubox.tracking.ingest.rest.OutageProfile;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * PostgreSQL stopped and restarted while four clients send a steady stream of beacons. Each client behaves
 * like the snippet: an event answered 503 is retried with the same event id until it is answered 204.
 * Afterwards every acknowledged event id is in the table exactly once, nothing unknown is stored, 503s come
 * quickly, liveness stays UP, readiness goes DOWN during the outage and UP again without a restart.
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
class OutageUnderLoadTest {

    static final String PATH = "/api/analytics/event";
    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    static final int CLIENTS = 4;

    @Inject
    Pool pool;

    @TestHTTPResource(PATH)
    URI endpoint;

    @TestHTTPResource("/q/health/live")
    URI live;

    @TestHTTPResource("/q/health/ready")
    URI ready;

    @Test
    void everyAcknowledgedEventIsStoredExactlyOnceAcrossAnOutage() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        UUID session = UUID.randomUUID();
        Set<UUID> sent = ConcurrentHashMap.newKeySet();
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicLong slowest503 = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean stopAfterAcked = new AtomicBoolean(false);

        ExecutorService pool4 = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(pool4.submit(() -> {
                List<UUID> retry = new ArrayList<>();
                while (true) {
                    if (!running.get() && (retry.isEmpty() || stopAfterAcked.get())) {
                        return null;
                    }
                    List<UUID> ids = new ArrayList<>(retry);
                    if (ids.isEmpty()) {
                        int n = 1 + (requests.get() % 3);
                        for (int i = 0; i < n; i++) {
                            UUID id = UUID.randomUUID();
                            sent.add(id);
                            ids.add(id);
                        }
                    }
                    long start = System.nanoTime();
                    HttpResponse<String> r;
                    try {
                        r = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(15))
                                .header("Content-Type", "text/plain").header("User-Agent", BROWSER)
                                .POST(HttpRequest.BodyPublishers.ofString(body(session, ids))).build(),
                                HttpResponse.BodyHandlers.ofString());
                    } catch (java.io.IOException e) {
                        unexpected.add("I/O " + e);
                        retry = ids;
                        Thread.sleep(100);
                        continue;
                    }
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    requests.incrementAndGet();
                    if (r.statusCode() == 204) {
                        ok.incrementAndGet();
                        acknowledged.addAll(ids);
                        retry = new ArrayList<>();
                        Thread.sleep(20);
                    } else if (r.statusCode() == 503) {
                        unavailable.incrementAndGet();
                        slowest503.accumulateAndGet(millis, Math::max);
                        assertTrue(r.headers().firstValue("Retry-After").isPresent());
                        retry = ids; // the snippet keeps the event and its id, and retries later
                        Thread.sleep(200);
                    } else {
                        unexpected.add(r.statusCode() + " " + r.body());
                        retry = new ArrayList<>();
                    }
                }
            }));
        }

        boolean sawNotReady = false;
        boolean liveThroughout = true;
        long outageMillis;
        try {
            Thread.sleep(2_000);
            int ackedBefore = acknowledged.size();
            assertTrue(ackedBefore > 0, "no events acknowledged before the outage");

            long down = System.nanoTime();
            ControlledPostgresResource.stopDatabase();
            try {
                while (System.nanoTime() - down < 6_000_000_000L) {
                    sawNotReady |= status(http, ready) == 503;
                    liveThroughout &= status(http, live) == 200;
                    Thread.sleep(250);
                }
            } finally {
                ControlledPostgresResource.startDatabase();
                outageMillis = (System.nanoTime() - down) / 1_000_000;
            }
            // Recovery without a restart: readiness comes back while the load continues.
            long deadline = System.currentTimeMillis() + 30_000;
            while (status(http, ready) != 200 && System.currentTimeMillis() < deadline) {
                liveThroughout &= status(http, live) == 200;
                Thread.sleep(250);
            }
            assertEquals(200, status(http, ready), "not ready again after the database came back");
            Thread.sleep(2_000);
        } finally {
            running.set(false);
            pool4.shutdown();
            if (!pool4.awaitTermination(40, TimeUnit.SECONDS)) {
                stopAfterAcked.set(true);
                pool4.awaitTermination(20, TimeUnit.SECONDS);
            }
        }
        for (Future<?> client : clients) {
            client.get(); // rethrows a failed assertion inside a client
        }

        // Count by unique event id.
        List<Row> rows = pool.preparedQuery("SELECT event_id, count(*) AS n FROM analytics_events WHERE session_id = $1 GROUP BY event_id")
                .execute(Tuple.of(session)).await().indefinitely().stream().toList();
        Set<UUID> stored = new HashSet<>();
        long duplicates = 0;
        for (Row row : rows) {
            stored.add(row.getUUID("event_id"));
            duplicates += row.getLong("n") > 1 ? 1 : 0;
        }
        Set<UUID> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        Set<UUID> unknown = new HashSet<>(stored);
        unknown.removeAll(sent);

        String figures = String.format("RELIABILITY outage-under-load: requests=%d answered204=%d answered503=%d eventsSent=%d "
                + "eventsAcknowledged=%d eventsStored=%d lost=%d duplicates=%d slowest503Ms=%d outageMs=%d unexpected=%d",
                requests.get(), ok.get(), unavailable.get(), sent.size(), acknowledged.size(), stored.size(), lost.size(),
                duplicates, slowest503.get(), outageMillis, unexpected.size());
        System.out.println(figures);

        assertTrue(unexpected.isEmpty(), "unexpected answers: " + unexpected);
        assertTrue(unavailable.get() > 0, "the outage was never noticed: " + figures);
        assertTrue(sawNotReady, "readiness never went DOWN during the outage");
        assertTrue(liveThroughout, "liveness failed during the outage");
        assertTrue(slowest503.get() < 6_500, "503 took too long: " + figures);
        assertEquals(0, duplicates, figures);
        assertTrue(lost.isEmpty(), "acknowledged but not stored: " + lost.size() + " " + figures);
        assertTrue(unknown.isEmpty(), "stored but never sent: " + figures);
        assertEquals(sent.size(), acknowledged.size(), "every retried event was eventually acknowledged: " + figures);
    }

    private static int status(HttpClient http, URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** One client time for every event: a retry repeats its event's id and time, as the snippet's queue does. */
    static final String OCCURRED_AT = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).toString();

    static String body(UUID session, List<UUID> ids) {
        String now = OCCURRED_AT;
        StringBuilder b = new StringBuilder("{\"events\":[");
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"event_id\":\"").append(ids.get(i)).append("\",\"type\":\"page_view\",\"occurred_at\":\"").append(now)
                    .append("\",\"anon_id\":\"").append(session).append("\",\"session_id\":\"").append(session)
                    .append("\",\"session_count\":1,\"surface\":\"dashboard\",\"page_path\":\"/messages/inbox\"}");
        }
        return b.append("]}").toString();
    }
}
