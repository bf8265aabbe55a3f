package com.paubox.tracking.ingest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
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

import com.paubox.tracking.database.ControlledPostgresResource;
import com.paubox.tracking.database.ErrorLog;
import com.paubox.tracking.ingest.rest.OutageProfile;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * PostgreSQL stopped with a fast shutdown and restarted while eight clients send a steady stream of beacons. Each
 * client behaves like the snippet: an event answered 503 is retried with the same event id until it is answered
 * 204. Proves: every request is answered (204, or 503 + Retry-After) within 2 s, none times out; every
 * acknowledged event id is in the table exactly once and nothing unknown is stored; liveness stays UP; readiness
 * is DOWN throughout the outage and UP again within 2 s of the database accepting connections, without a restart;
 * nothing is logged at ERROR (e.g. an exception thrown on an event loop).
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
class OutageUnderLoadTest {

    static final String PATH = "/api/analytics/event";
    static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    static final int CLIENTS = 8;
    static final long OUTAGE_MILLIS = 8_000;
    static final long ANSWER_WITHIN_MILLIS = 2_000;
    /** A client gives up on an answer after this long (well above the promise, so a slow answer is measured). */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

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
        try (ErrorLog log = ErrorLog.capture()) {
            run(log);
        }
    }

    private void run(ErrorLog log) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        UUID session = UUID.randomUUID();
        Set<UUID> sent = ConcurrentHashMap.newKeySet();
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger slow = new AtomicInteger();
        List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicLong slowest = new AtomicLong();
        AtomicLong slowest503 = new AtomicLong();
        AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicLong first204AfterRestart = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean stopAfterAcked = new AtomicBoolean(false);

        ExecutorService clientThreads = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(clientThreads.submit(() -> {
                List<UUID> retry = new ArrayList<>();
                while (true) {
                    if (!running.get() && (retry.isEmpty() || stopAfterAcked.get())) {
                        return null;
                    }
                    List<UUID> ids = new ArrayList<>(retry);
                    if (ids.isEmpty()) {
                        int n = 1 + (requests.get() % 5);
                        for (int i = 0; i < n; i++) {
                            UUID id = UUID.randomUUID();
                            sent.add(id);
                            ids.add(id);
                        }
                    }
                    long start = System.nanoTime();
                    HttpResponse<String> r;
                    try {
                        r = http.send(HttpRequest.newBuilder(endpoint).timeout(CLIENT_TIMEOUT)
                                .header("Content-Type", "text/plain").header("User-Agent", BROWSER)
                                .POST(HttpRequest.BodyPublishers.ofString(body(session, ids))).build(),
                                HttpResponse.BodyHandlers.ofString());
                    } catch (HttpTimeoutException e) {
                        timedOut.incrementAndGet();
                        unexpected.add("no answer within " + CLIENT_TIMEOUT);
                        retry = ids;
                        continue;
                    } catch (java.io.IOException e) {
                        unexpected.add("I/O " + e);
                        retry = ids;
                        Thread.sleep(100);
                        continue;
                    }
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    requests.incrementAndGet();
                    if (measuring.get()) { // not the cold start of a freshly booted service
                        slowest.accumulateAndGet(millis, Math::max);
                        if (millis > ANSWER_WITHIN_MILLIS) {
                            slow.incrementAndGet();
                        }
                    }
                    if (r.statusCode() == 204) {
                        ok.incrementAndGet();
                        acknowledged.addAll(ids);
                        retry = new ArrayList<>();
                        if (System.nanoTime() > restartedAt.get()) {
                            first204AfterRestart.accumulateAndGet(System.nanoTime(), Math::min);
                        }
                        Thread.sleep(20);
                    } else if (r.statusCode() == 503) {
                        unavailable.incrementAndGet();
                        slowest503.accumulateAndGet(millis, Math::max);
                        if (r.headers().firstValue("Retry-After").isEmpty()) {
                            unexpected.add("503 without Retry-After");
                        }
                        retry = ids; // the snippet keeps the event and its id, and retries later
                        Thread.sleep(200);
                    } else {
                        unexpected.add(r.statusCode() + " " + r.body());
                        retry = new ArrayList<>();
                    }
                }
            }));
        }

        int readyProbesDuringOutage = 0;
        int readyDuringOutage = 0;
        boolean sawBreakerOpen = false;
        boolean liveThroughout = true;
        long outageMillis;
        long readyAfterRestartMillis;
        String breakerAfter;
        try {
            // Warm up (first connections, JIT), then two seconds of measured steady load before the outage.
            long warmUp = System.currentTimeMillis() + 30_000;
            while (acknowledged.isEmpty() && System.currentTimeMillis() < warmUp) {
                Thread.sleep(100);
            }
            assertTrue(!acknowledged.isEmpty(), "no events acknowledged before the outage");
            Thread.sleep(1_000);
            measuring.set(true);
            Thread.sleep(2_000);

            long down = System.nanoTime();
            ControlledPostgresResource.stopDatabase();
            long stopped = System.nanoTime();
            try {
                while (System.nanoTime() - down < OUTAGE_MILLIS * 1_000_000) {
                    // Readiness must be DOWN once the server has exited (checked on every probe).
                    if (System.nanoTime() - stopped > 500_000_000L) {
                        HttpResponse<String> health = health(http);
                        readyProbesDuringOutage++;
                        readyDuringOutage += health.statusCode() == 200 ? 1 : 0;
                        sawBreakerOpen |= breaker(health.body()).equals("OPEN");
                    }
                    liveThroughout &= status(http, live) == 200;
                    Thread.sleep(200);
                }
            } finally {
                ControlledPostgresResource.startDatabase(); // returns once PostgreSQL accepts connections
                restartedAt.set(System.nanoTime());
                outageMillis = (System.nanoTime() - down) / 1_000_000;
            }
            // Recovery without a restart: readiness comes back while the load continues.
            long deadline = System.currentTimeMillis() + 30_000;
            while (status(http, ready) != 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            readyAfterRestartMillis = (System.nanoTime() - restartedAt.get()) / 1_000_000;
            liveThroughout &= status(http, live) == 200;
            Thread.sleep(2_000);
            breakerAfter = health(http).body();
        } finally {
            running.set(false);
            clientThreads.shutdown();
            if (!clientThreads.awaitTermination(40, TimeUnit.SECONDS)) {
                stopAfterAcked.set(true);
                clientThreads.awaitTermination(20, TimeUnit.SECONDS);
            }
        }
        for (Future<?> client : clients) {
            client.get(); // rethrows a failure inside a client
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
        long first204Millis = first204AfterRestart.get() == Long.MAX_VALUE ? -1
                : (first204AfterRestart.get() - restartedAt.get()) / 1_000_000;

        String figures = String.format("RELIABILITY outage-under-load: clients=%d requests=%d answered204=%d answered503=%d timedOut=%d "
                + "slowestMs=%d slowest503Ms=%d over2s=%d eventsSent=%d eventsAcknowledged=%d eventsStored=%d lost=%d duplicates=%d "
                + "outageMs=%d readyDuringOutage=%d/%d readyAfterRestartMs=%d first204AfterRestartMs=%d unexpected=%d errorsLogged=%d",
                CLIENTS, requests.get(), ok.get(), unavailable.get(), timedOut.get(), slowest.get(), slowest503.get(), slow.get(),
                sent.size(), acknowledged.size(), stored.size(), lost.size(), duplicates, outageMillis, readyDuringOutage,
                readyProbesDuringOutage, readyAfterRestartMillis, first204Millis, unexpected.size(), log.errors().size());
        System.out.println(figures);

        assertTrue(unexpected.isEmpty(), "unexpected answers: " + unexpected);
        assertEquals(0, timedOut.get(), "requests left without an answer for " + CLIENT_TIMEOUT + ": " + figures);
        assertTrue(slowest.get() <= ANSWER_WITHIN_MILLIS, "an answer took longer than 2 s: " + figures);
        assertTrue(unavailable.get() > 0, "the outage was never noticed: " + figures);
        assertTrue(readyProbesDuringOutage > 0 && readyDuringOutage == 0, "readiness UP during the outage: " + figures);
        assertTrue(readyAfterRestartMillis <= 2_000, "readiness not UP within 2 s of the restart: " + figures);
        assertTrue(liveThroughout, "liveness failed during the outage");
        assertTrue(sawBreakerOpen, "the circuit breaker never opened: " + figures);
        assertEquals("CLOSED", breaker(breakerAfter), "the breaker did not close again: " + breakerAfter);
        assertEquals(0, duplicates, figures);
        assertTrue(lost.isEmpty(), "acknowledged but not stored: " + lost.size() + " " + figures);
        assertTrue(unknown.isEmpty(), "stored but never sent: " + figures);
        assertEquals(sent.size(), acknowledged.size(), "every retried event was eventually acknowledged: " + figures);
        assertEquals(List.of(), log.errors(), "errors logged: " + figures);
    }

    /** The writer's circuit breaker state in a readiness answer. */
    private static String breaker(String health) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"circuit_breaker\"\\s*:\\s*\"(\\w+)\"").matcher(health);
        return m.find() ? m.group(1) : "";
    }

    private HttpResponse<String> health(HttpClient http) throws Exception {
        return http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
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
