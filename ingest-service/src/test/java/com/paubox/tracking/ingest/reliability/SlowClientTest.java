package com.paubox.tracking.ingest.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Slow or stalled clients (slowloris-style) cannot hold the service: a body that stalls or trickles is cut
 * at the body time-out (408 + close), a connection that sends nothing (headers never finished, or idle
 * keep-alive) is closed at the idle time-out, a chunked body over the limit is refused, and while many
 * stalled connections are held open other clients are still answered at once. Time-outs are shortened to
 * 2 s here; production values are in application.properties (docs/reliability.md).
 */
@QuarkusTest
@TestProfile(SlowClientTest.ShortTimeouts.class)
class SlowClientTest {

    static final long TIMEOUT_MILLIS = 2_000;
    static final long SLACK_MILLIS = 2_500;

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2S", "analytics.http.body-timeout", "2S");
        }
    }

    @TestHTTPResource("/api/analytics/event")
    URI endpoint;

    @Test
    void stalledBodyIsCutAtTheBodyTimeout() throws Exception {
        try (Socket s = open()) {
            long start = System.nanoTime();
            send(s, head(500) + "{\"event_id\":\"");
            String answer = readUntilClosed(s, TIMEOUT_MILLIS + SLACK_MILLIS + 2_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < TIMEOUT_MILLIS + SLACK_MILLIS, "stalled body held for " + millis + " ms");
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
            System.out.println("RELIABILITY slow-client: stalled body cut after " + millis + " ms, answer="
                    + (answer.isEmpty() ? "closed" : answer.lines().findFirst().orElse("")));
        }
    }

    @Test
    void tricklingBodyIsCutAtTheBodyTimeoutNotTheIdleTimeout() throws Exception {
        try (Socket s = open()) {
            long start = System.nanoTime();
            send(s, head(400));
            boolean cut = false;
            // One byte every 250 ms never trips the idle time-out; only the body deadline stops it.
            for (int i = 0; i < 400 && !cut; i++) {
                try {
                    send(s, "a");
                    Thread.sleep(250);
                    cut = s.getInputStream().available() > 0 || (System.nanoTime() - start) / 1_000_000 > 15_000;
                } catch (IOException e) {
                    cut = true;
                }
            }
            String answer = readUntilClosed(s, 3_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < TIMEOUT_MILLIS + SLACK_MILLIS + 3_000, "trickling body held for " + millis + " ms");
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
        }
    }

    @Test
    void unfinishedHeadersAreCutAtTheIdleTimeout() throws Exception {
        try (Socket s = open()) {
            long start = System.nanoTime();
            send(s, "POST /api/analytics/event HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/pl");
            readUntilClosed(s, TIMEOUT_MILLIS + SLACK_MILLIS + 2_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < TIMEOUT_MILLIS + SLACK_MILLIS, "unfinished headers held for " + millis + " ms");
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosed() throws Exception {
        try (Socket s = open()) {
            send(s, "GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
            long start = System.nanoTime();
            String answer = readUntilClosed(s, TIMEOUT_MILLIS + SLACK_MILLIS + 2_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(millis < TIMEOUT_MILLIS + SLACK_MILLIS, "idle connection held for " + millis + " ms");
        }
    }

    @Test
    void manyStalledConnectionsDoNotStarveOtherClients() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = open();
                stalled.add(s);
                send(s, head(60_000) + "{\"events\":[");
            }
            long start = System.nanoTime();
            String body = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"type\":\"page_view\",\"occurred_at\":\""
                    + java.time.Instant.now() + "\",\"anon_id\":\"" + UUID.randomUUID() + "\",\"session_id\":\"" + UUID.randomUUID()
                    + "\",\"session_count\":1,\"surface\":\"slow\",\"page_path\":\"/ok\"}";
            int status = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10)).header("Content-Type", "text/plain")
                    .header("User-Agent", OutageUnderLoadTest.BROWSER).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(204, status);
            assertTrue(millis < 2_000, "a normal request waited " + millis + " ms behind 200 stalled ones");
            System.out.println("RELIABILITY slow-client: 200 stalled connections held, normal request answered in " + millis + " ms");
            // And the stalled ones are all gone after the body time-out.
            Thread.sleep(TIMEOUT_MILLIS + SLACK_MILLIS);
            int open = 0;
            for (Socket s : stalled) {
                s.setSoTimeout(200);
                try {
                    readUntilClosed(s, 500);
                } catch (SocketTimeoutException e) {
                    open++;
                }
            }
            assertEquals(0, open, "stalled connections still open");
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void chunkedBodyOverTheLimitIsRefused() throws Exception {
        try (Socket s = open()) {
            send(s, "POST /api/analytics/event HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "x".repeat(8192);
            try {
                for (int i = 0; i < 12; i++) {
                    send(s, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
                }
                send(s, "0\r\n\r\n");
            } catch (IOException e) {
                // the server may close while we are still sending
            }
            String answer = readUntilClosed(s, 5_000);
            // The same problem+json as a body with an over-size Content-Length, not Quarkus's bare 413.
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"), answer);
            assertTrue(answer.contains("{\"type\":\"about:blank\",\"title\":\"Payload too large\",\"status\":413,"), answer);
        }
    }

    @Test
    void chunkedBodyWithinTheLimitIsAccepted() throws Exception {
        try (Socket s = open()) {
            String event = OutageUnderLoadTest.body(UUID.randomUUID(), List.of(UUID.randomUUID()));
            send(s, "POST /api/analytics/event HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nUser-Agent: "
                    + OutageUnderLoadTest.BROWSER + "\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n");
            int half = event.length() / 2;
            for (String chunk : List.of(event.substring(0, half), event.substring(half))) {
                send(s, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            }
            send(s, "0\r\n\r\n");
            String answer = readUntilClosed(s, 5_000);
            assertTrue(answer.startsWith("HTTP/1.1 204"), answer);
        }
    }

    // ------------------------------------------------------------------ raw sockets

    private Socket open() throws IOException {
        Socket s = new Socket(endpoint.getHost(), endpoint.getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    private static String head(int contentLength) {
        return "POST /api/analytics/event HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nUser-Agent: "
                + OutageUnderLoadTest.BROWSER + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads until the server closes the connection; throws SocketTimeoutException if it does not in time. */
    private static String readUntilClosed(Socket s, long millis) throws IOException {
        s.setSoTimeout((int) millis);
        InputStream in = s.getInputStream();
        StringBuilder got = new StringBuilder();
        byte[] buffer = new byte[8192];
        long deadline = System.currentTimeMillis() + millis;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                got.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (System.currentTimeMillis() > deadline) {
                    throw new SocketTimeoutException("still open after " + millis + " ms; got " + got);
                }
            }
        } catch (java.net.SocketException e) {
            // reset by the server: closed
        }
        return got.toString();
    }
}
