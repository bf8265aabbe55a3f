package com.paubox.tracking.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Phase 3, the baseline: the seed's original design. A thread-per-request HTTP server (JDK
 * com.sun.net.httpserver), a plain pool of JDBC connections, and one INSERT per event per request, each
 * its own autocommitted transaction, into the same analytics_events table. It parses the same bodies
 * and drops the same bots, but does less than the ingest service (no validation, scrubbing, templating,
 * rate limiting or enrichment), so the measured ratio is conservative.
 */
final class BaselineServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOT = Pattern.compile("(?i)bot|crawl|spider|slurp|headless|facebookexternalhit");
    private static final String INSERT = "INSERT INTO analytics_events (event_id, occurred_at, type, anon_id, session_id, session_count, "
            + "user_sub, customer_id, surface, page_path, duration_ms, visible_ms, label, element, href_path, error_code, properties) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";

    /** A connection with its prepared INSERT. */
    private record Pooled(Connection connection, PreparedStatement insert) {
    }

    private BaselineServer() {
    }

    static void run(Args args) throws Exception {
        String db = args.required("db");
        int port = args.integer("port", 8090);
        int poolSize = args.integer("pool", 10);
        int threads = args.integer("threads", 32);
        BlockingQueue<Pooled> pool = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Connection c = Db.connect(db);
            c.setAutoCommit(true);
            pool.add(new Pooled(c, c.prepareStatement(INSERT)));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext("/api/analytics/event", exchange -> handle(exchange, pool));
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            executor.shutdownNow();
        }));
        System.out.println("baseline listening on 127.0.0.1:" + port + " (pool " + poolSize + ", " + threads + " threads)");
        Thread.currentThread().join();
    }

    private static void handle(HttpExchange exchange, BlockingQueue<Pooled> pool) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String ua = exchange.getRequestHeaders().getFirst("User-Agent");
            if (ua == null || ua.isBlank() || BOT.matcher(ua).find()) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            JsonNode events = root.has("events") ? root.get("events") : null;
            Pooled pooled;
            try {
                pooled = pool.poll(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (pooled == null) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            try {
                if (events == null) {
                    insert(pooled.insert(), root);
                } else {
                    for (JsonNode event : events) {
                        insert(pooled.insert(), event);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                pool.add(pooled);
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            pool.add(pooled);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private static void insert(PreparedStatement ps, JsonNode e) throws SQLException {
        ps.setObject(1, UUID.fromString(e.get("event_id").asText()));
        ps.setObject(2, OffsetDateTime.parse(e.get("occurred_at").asText()));
        ps.setString(3, e.get("type").asText());
        ps.setObject(4, UUID.fromString(e.get("anon_id").asText()));
        ps.setObject(5, UUID.fromString(e.get("session_id").asText()));
        ps.setInt(6, e.get("session_count").asInt());
        ps.setString(7, text(e, "user_sub"));
        JsonNode customer = e.get("customer_id");
        if (customer == null || customer.isNull()) {
            ps.setNull(8, Types.BIGINT);
        } else {
            ps.setLong(8, customer.asLong());
        }
        ps.setString(9, e.get("surface").asText());
        ps.setString(10, e.get("page_path").asText());
        setInt(ps, 11, e.get("duration_ms"));
        setInt(ps, 12, e.get("visible_ms"));
        ps.setString(13, text(e, "label"));
        ps.setString(14, text(e, "element"));
        ps.setString(15, text(e, "href_path"));
        ps.setString(16, text(e, "error_code"));
        JsonNode props = e.get("properties");
        ps.setString(17, props == null || props.isNull() ? null : props.toString());
        ps.executeUpdate(); // autocommit: one transaction (and one WAL flush) per event
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void setInt(PreparedStatement ps, int index, JsonNode v) throws SQLException {
        if (v == null || v.isNull()) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, v.asInt());
        }
    }
}
