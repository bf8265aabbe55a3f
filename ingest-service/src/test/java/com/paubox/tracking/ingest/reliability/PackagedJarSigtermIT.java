package com.paubox.tracking.ingest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.DatabaseUrl;
import com.paubox.tracking.database.EmbeddedDatabase;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * SIGTERM to the packaged service (target/quarkus-app/quarkus-run.jar as a real process) while four clients
 * keep sending: every event answered 204 is committed before the process exits, requests during shutdown are
 * refused cleanly (503 or connection refused, never a 204 for data that is not stored, never another 5xx),
 * and the process exits within the shutdown time-out. Run by maven-failsafe-plugin after `package`.
 */
class PackagedJarSigtermIT {

    @Test
    void sigtermDuringLoadCommitsEveryAcknowledgedEvent() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        // A native build (-Pnative) has no jar; this test is about the JVM package.
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(jar), "no packaged jar: " + jar.toAbsolutePath());
        int dbPort = freePort();
        int httpPort = freePort();
        Path dataDir = Files.createTempDirectory("ingest-sigterm-pg");
        EmbeddedPostgres postgres = EmbeddedDatabase.start(dbPort, dataDir);
        Process service = null;
        File log = new File("target/sigterm-it-service.log");
        try {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                    jar.toString());
            Map<String, String> env = pb.environment();
            env.put("ANALYTICS_DATABASE_URL", EmbeddedDatabase.url(dbPort));
            env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
            env.put("ANALYTICS_RATE_LIMIT_PER_MINUTE", "10000000");
            // A slow flush, so events are still queued when SIGTERM arrives.
            env.put("ANALYTICS_WRITER_FLUSH_INTERVAL", "PT0.5S");
            env.put("ANALYTICS_WRITER_BATCH_SIZE", "5000");
            pb.redirectErrorStream(true).redirectOutput(log);
            service = pb.start();

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
            URI endpoint = URI.create("http://127.0.0.1:" + httpPort + "/api/analytics/event");
            long deadline = System.currentTimeMillis() + 60_000;
            int status = -1;
            while (status != 200 && System.currentTimeMillis() < deadline && service.isAlive()) {
                try {
                    status = http.send(HttpRequest.newBuilder(ready).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException e) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, status, "service did not become ready; see " + log.getAbsolutePath());

            UUID session = UUID.randomUUID();
            Set<UUID> sent = ConcurrentHashMap.newKeySet();
            Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            List<String> bad = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean terminated = new AtomicBoolean(false);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> {
                    while (running.get()) {
                        List<UUID> ids = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            ids.add(UUID.randomUUID());
                        }
                        sent.addAll(ids);
                        String outcome;
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", "text/plain").header("User-Agent", OutageUnderLoadTest.BROWSER)
                                    .POST(HttpRequest.BodyPublishers.ofString(OutageUnderLoadTest.body(session, ids))).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            outcome = String.valueOf(r.statusCode());
                            if (r.statusCode() == 204) {
                                acknowledged.addAll(ids);
                            } else if (r.statusCode() != 503) {
                                bad.add(r.statusCode() + " " + r.body());
                            }
                        } catch (java.io.IOException e) {
                            outcome = terminated.get() ? "refused" : "io-error";
                            if (!terminated.get()) {
                                bad.add("before SIGTERM: " + e);
                            }
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException ie) {
                                return;
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                        outcomes.computeIfAbsent(outcome + (terminated.get() ? "-after" : "-before"), k -> new AtomicInteger()).incrementAndGet();
                    }
                });
            }
            Thread.sleep(2_000);
            terminated.set(true);
            long sigterm = System.nanoTime();
            service.destroy(); // SIGTERM
            boolean exited = service.waitFor(30, TimeUnit.SECONDS);
            long exitMillis = (System.nanoTime() - sigterm) / 1_000_000;
            Thread.sleep(300);
            running.set(false);
            clients.shutdown();
            clients.awaitTermination(40, TimeUnit.SECONDS);
            assertTrue(exited, "process still running 30 s after SIGTERM");
            int exitCode = service.exitValue();

            Map<UUID, Integer> stored = new HashMap<>();
            var url = DatabaseUrl.parse(EmbeddedDatabase.url(dbPort)).toQuarkusProperties();
            try (Connection db = DriverManager.getConnection(url.get("quarkus.datasource.jdbc.url"), url.get("quarkus.datasource.username"),
                    url.get("quarkus.datasource.password"));
                    PreparedStatement q = db.prepareStatement("SELECT event_id, count(*) FROM analytics_events WHERE session_id = ? GROUP BY event_id")) {
                q.setObject(1, session);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        stored.put((UUID) rs.getObject(1), rs.getInt(2));
                    }
                }
            }
            Set<UUID> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored.keySet());
            long duplicates = stored.values().stream().filter(n -> n > 1).count();
            String figures = String.format("RELIABILITY sigterm-packaged-jar: eventsSent=%d eventsAcknowledged=%d eventsStored=%d lost=%d "
                    + "duplicates=%d exitMs=%d exitCode=%d outcomes=%s", sent.size(), acknowledged.size(), stored.size(), lost.size(),
                    duplicates, exitMillis, exitCode, new java.util.TreeMap<>(outcomes));
            System.out.println(figures);
            assertTrue(bad.isEmpty(), "unclean answers: " + bad.subList(0, Math.min(5, bad.size())) + " " + figures);
            assertTrue(acknowledged.size() > 0, figures);
            assertTrue(lost.isEmpty(), "acknowledged but not committed: " + figures);
            assertEquals(0, duplicates, figures);
            assertTrue(exitCode == 0 || exitCode == 143, "exit code " + exitCode);
            String output = Files.readString(log.toPath());
            assertTrue(!output.contains("127.0.0.1") && !output.contains(OutageUnderLoadTest.BROWSER), "the service log holds an IP or a User-Agent");
        } finally {
            if (service != null && service.isAlive()) {
                service.destroyForcibly();
            }
            postgres.close();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
