package com.paubox.tracking.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * PostgreSQL stopped with a fast shutdown while eight clients call every endpoint (and the erasure call, and a
 * call without a token). Proves: every call during the outage is answered 503 problem+json within 2 s (none
 * gets data: a call that cannot be audited is refused) and none times out; readiness is DOWN throughout and UP
 * again within 2 s of the database accepting connections; calls succeed again without a restart; nothing but the
 * service's own deliberate "audit write failed" is logged at ERROR (nothing uncaught).
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.ControlledDatabase.class)
class DatabaseOutageTest {

    /** A database the test can stop, instead of the global PostgresTestResource. */
    public static class ControlledDatabase implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ControlledPostgresResource.class), new TestResourceEntry(OidcWiremockTestResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    static final int CLIENTS = 8;
    static final long OUTAGE_MILLIS = 6_000;
    static final long ANSWER_WITHIN_MILLIS = 2_000;
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    static final String API = "/api/admin/analytics/";
    static final List<String> CALLS = List.of("overview", "timeseries?metric=page_views&interval=hour", "pages?limit=5", "clicks",
            "sessions", "logins", "customers", "users/auth0%7Coutage-test" /* DELETE */, "overview#no-token");

    @TestHTTPResource("/")
    URI base;

    @Test
    void everyCallIsAnswered503WithinTwoSecondsAndTheServiceRecovers() throws Exception {
        try (ErrorLog log = ErrorLog.capture()) {
            run(log);
        }
    }

    private void run(ErrorLog log) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String token = Tokens.admin();
        for (int i = 0; i < CALLS.size() - 1; i++) { // warm up: every endpoint answers before the outage
            HttpResponse<String> r = call(http, CALLS.get(i), token);
            assertEquals(200, r.statusCode(), CALLS.get(i) + " " + r.body());
        }

        AtomicInteger calls = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        AtomicLong slowest = new AtomicLong();
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        long down = System.nanoTime();
        ControlledPostgresResource.stopDatabase();
        ExecutorService clientThreads = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        int readyProbes = 0;
        int readyUp = 0;
        long readyAfterRestartMillis;
        long recoveredAfterMillis;
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int first = c;
                clients.add(clientThreads.submit(() -> {
                    for (int i = first; running.get(); i++) {
                        String call = CALLS.get(i % CALLS.size());
                        long start = System.nanoTime();
                        HttpResponse<String> r;
                        try {
                            r = call(http, call, token);
                        } catch (HttpTimeoutException e) {
                            timedOut.incrementAndGet();
                            continue;
                        }
                        long millis = (System.nanoTime() - start) / 1_000_000;
                        calls.incrementAndGet();
                        slowest.accumulateAndGet(millis, Math::max);
                        String type = r.headers().firstValue("Content-Type").orElse("");
                        if (r.statusCode() != 503 || !type.startsWith("application/problem+json") || !r.body().contains("\"status\":503")) {
                            wrong.add(call + " -> " + r.statusCode() + " " + type + " " + r.body());
                        }
                        Thread.sleep(50);
                    }
                    return null;
                }));
            }
            while (System.nanoTime() - down < OUTAGE_MILLIS * 1_000_000) {
                readyProbes++;
                readyUp += status(http, "q/health/ready") == 200 ? 1 : 0;
                Thread.sleep(250);
            }
            running.set(false);
            clientThreads.shutdown();
            assertTrue(clientThreads.awaitTermination(30, TimeUnit.SECONDS), "clients did not finish");
            for (Future<?> client : clients) {
                client.get(); // rethrows a failure inside a client
            }
        } finally {
            running.set(false);
            clientThreads.shutdownNow();
            ControlledPostgresResource.startDatabase(); // returns once PostgreSQL accepts connections
        }
        long restarted = System.nanoTime();
        while (status(http, "q/health/ready") != 200 && System.nanoTime() - restarted < 30_000_000_000L) {
            Thread.sleep(100);
        }
        readyAfterRestartMillis = (System.nanoTime() - restarted) / 1_000_000;
        int recovered = 0;
        while (recovered != 200 && System.nanoTime() - restarted < 30_000_000_000L) {
            recovered = call(http, "overview", token).statusCode();
        }
        recoveredAfterMillis = (System.nanoTime() - restarted) / 1_000_000;

        String figures = String.format("RELIABILITY dashboard-outage: clients=%d calls=%d timedOut=%d slowestMs=%d wrongAnswers=%d "
                + "readyDuringOutage=%d/%d readyAfterRestartMs=%d answered200AfterRestartMs=%d uncaughtErrors=%d",
                CLIENTS, calls.get(), timedOut.get(), slowest.get(), wrong.size(), readyUp, readyProbes, readyAfterRestartMillis,
                recoveredAfterMillis, log.errorsNotFrom("com.paubox.").size());
        System.out.println(figures);

        assertTrue(calls.get() > CLIENTS, figures);
        assertTrue(wrong.isEmpty(), "not 503 problem+json during the outage: " + wrong);
        assertEquals(0, timedOut.get(), "calls left without an answer for " + CLIENT_TIMEOUT + ": " + figures);
        assertTrue(slowest.get() <= ANSWER_WITHIN_MILLIS, "a call took longer than 2 s: " + figures);
        assertEquals(0, readyUp, "readiness UP during the outage: " + figures);
        assertTrue(readyAfterRestartMillis <= 2_000, "readiness not UP within 2 s of the restart: " + figures);
        assertEquals(200, recovered, "calls fail after the database came back: " + figures);
        assertEquals(List.of(), log.errorsNotFrom("com.paubox."), "uncaught errors logged: " + figures);
    }

    private HttpResponse<String> call(HttpClient http, String call, String token) throws Exception {
        boolean noToken = call.endsWith("#no-token");
        String path = noToken ? call.substring(0, call.indexOf('#')) : call;
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(API + path)).timeout(CLIENT_TIMEOUT);
        if (!noToken) {
            request.header("Authorization", "Bearer " + token);
        }
        if (path.startsWith("users/")) {
            request.DELETE();
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(HttpClient http, String path) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(CLIENT_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
