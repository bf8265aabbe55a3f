package com.paubox.tracking.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The demo data set run-local.sh loads on a first start (dev/DemoData.java running dev/demo-data.sql), run exactly
 * as run-local runs it against a fresh migrated database: its size, nothing of the seed's "Never stored" list, and
 * every account status of the accounts API for the admin view's default range (the last 30 days), the same in
 * every time zone — computed here with plain SQL from the raw events, following the contract's definitions.
 */
class DemoDataTest {

    enum Status { dormant, new_, declining, growing, steady }

    static EmbeddedPostgres postgres;
    static Path root;
    static String firstRun;

    @BeforeAll
    static void load() throws Exception {
        postgres = PostgresTestResource.startEmbedded();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("dev/DemoData.java"))) {
            root = root.getParent();
        }
        long started = System.nanoTime();
        firstRun = runLoader();
        System.out.printf("%s (the loader process: %.1f s)%n", firstRun, (System.nanoTime() - started) / 1e9);
        // The raw events per customer, user and quarter of an hour: every zone's day starts on a quarter hour, so each
        // zone's statuses read this small digest instead of 600,000 events again.
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE demo_test_quarters AS
                    SELECT customer_id, user_sub, to_timestamp(floor(extract(epoch FROM occurred_at) / 900) * 900) AS quarter
                    FROM analytics_events WHERE customer_id IS NOT NULL GROUP BY 1, 2, 3""");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /** java -cp <classpath> dev/DemoData.java <url>, from the repository root, as run-local.sh does. */
    static String runLoader() throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "dev/DemoData.java", EmbeddedDatabase.url(postgres.getPort()))
                .directory(root.toFile()).redirectErrorStream(true).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the loader finishes");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void loadsAboutFiftyCustomersTwoThousandUsersAndThreeHundredThousandEventsInThePast() throws SQLException {
        assertTrue(firstRun.startsWith("demo data: loaded "), firstRun);
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT count(*) FILTER (WHERE occurred_at >= now() - interval '30 days'),
                       count(DISTINCT customer_id), count(DISTINCT user_sub),
                       count(*) FILTER (WHERE occurred_at > now()),
                       count(*) FILTER (WHERE occurred_at < now() - interval '61 days'),
                       max(occurred_at) >= now() - interval '1 day',
                       count(DISTINCT xact_id), min(xact_id)
                FROM analytics_events""")) {
            rs.next();
            long events = rs.getLong(1);
            assertTrue(events >= 250_000 && events <= 350_000, "events in the last 30 days: " + events);
            assertTrue(rs.getLong(2) >= 45 && rs.getLong(2) <= 55, "customers: " + rs.getLong(2));
            assertTrue(rs.getLong(3) >= 1_800 && rs.getLong(3) <= 2_200, "users: " + rs.getLong(3));
            assertEquals(0, rs.getLong(4), "no event in the future");
            assertEquals(0, rs.getLong(5), "nothing older than the previous period");
            assertTrue(rs.getBoolean(6), "events up to the last day");
            assertEquals(1, rs.getLong(7), "one transaction, xact_id left to its default");
            assertTrue(rs.getLong(8) > 0, "xact_id is the loading transaction's");
        }
        assertEquals(0, queryLong("SELECT count(*) FROM analytics_events_default"), "every event in a monthly partition");
    }

    @Test
    void hasEveryEventTypeAndTheKeyActionsWithAdoptionVaryingByCustomer() throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT type, count(*) FROM analytics_events GROUP BY type")) {
            Map<String, Long> byType = new TreeMap<>();
            while (rs.next()) {
                byType.put(rs.getString(1), rs.getLong(2));
            }
            assertEquals(List.of("click", "login_failure", "login_success", "page_view", "time_on_page"), List.copyOf(byType.keySet()));
            byType.values().forEach(n -> assertTrue(n >= 1_000, byType.toString()));
        }
        // the example app's labels, and the default key actions
        assertEquals(7, queryLong("SELECT count(DISTINCT label) FROM analytics_events WHERE label IN ('send_email_btn', 'nav_compose',"
                + " 'hero_cta', 'nav_reports', 'reports_back_home', 'patient_open_chart', 'legacy_action')"));
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT min(adoption), max(adoption) FROM (
                    SELECT customer_id, count(DISTINCT user_sub) FILTER (WHERE type = 'click' AND label IN ('send_email_btn', 'nav_compose'))
                               * 100.0 / count(DISTINCT user_sub) AS adoption
                    FROM analytics_events WHERE customer_id IS NOT NULL AND occurred_at >= now() - interval '30 days'
                    GROUP BY customer_id) a""")) {
            rs.next();
            assertTrue(rs.getDouble(1) < 30 && rs.getDouble(2) > 70, "adoption from " + rs.getDouble(1) + " to " + rs.getDouble(2));
        }
        // login events carry the coarse geo and device fields; nothing else does
        assertEquals(0, queryLong("SELECT count(*) FROM analytics_events WHERE type NOT LIKE 'login%'"
                + " AND (geo_country IS NOT NULL OR browser IS NOT NULL OR os IS NOT NULL OR device_type IS NOT NULL)"));
        assertEquals(0, queryLong("SELECT count(*) FROM analytics_events WHERE type LIKE 'login%' AND (browser IS NULL OR device_type IS NULL)"));
        assertEquals(0, queryLong("SELECT count(*) FROM analytics_events WHERE type = 'login_failure' AND error_code IS NULL"));
        assertEquals(0, queryLong("SELECT count(*) FROM analytics_events WHERE type = 'time_on_page' AND (duration_ms IS NULL OR visible_ms > duration_ms)"));
        assertEquals(0, queryLong("SELECT count(*) FROM analytics_events WHERE (user_sub IS NULL) <> (customer_id IS NULL)"));
    }

    @Test
    void storesNothingFromTheNeverStoredList() throws SQLException {
        List<String> textColumns = new ArrayList<>();
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'analytics_events'"
                        + " AND data_type IN ('text', 'jsonb', 'character varying')")) {
            while (rs.next()) {
                textColumns.add(rs.getString(1));
            }
        }
        assertTrue(textColumns.contains("page_path") && textColumns.contains("browser"), textColumns.toString());
        // Every distinct value of every text column (one scan), then each pattern over those few thousand values.
        String values = "SELECT DISTINCT v FROM analytics_events, unnest(ARRAY["
                + String.join(", ", textColumns.stream().map(n -> n + "::text").toList()) + "]) v WHERE v IS NOT NULL";
        Map<String, String> forbidden = Map.of(
                "an IPv4 address", "v ~ '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}'",
                "an IPv6 address", "v ~* '[0-9a-f]{1,4}:[0-9a-f]{0,4}:[0-9a-f]{0,4}'",
                "an e-mail address", "v LIKE '%@%'",
                "an SSN or phone number", "v ~ '\\d{3}[-. ]\\d{2,3}[-. ]\\d{4}'",
                "a card number", "v ~ '\\m\\d{12,19}\\M'",
                "a raw User-Agent", "v ~* 'mozilla|applewebkit|gecko/|\\(windows|khtml'",
                "a query string or fragment in a path", "v ~ '^/.*[?#]'",
                "a record id in a path", "v ~ '^/.*/\\d'",
                "free text (a URL, a sentence)", "length(v) > 40");
        List<String> names = List.copyOf(forbidden.keySet());
        String counts = String.join(", ", names.stream().map(n -> "count(*) FILTER (WHERE " + forbidden.get(n) + ")").toList());
        try (Connection c = connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + counts + ", count(*) FROM (" + values + ") d")) {
            rs.next();
            for (int i = 0; i < names.size(); i++) {
                assertEquals(0, rs.getLong(i + 1), names.get(i));
            }
            assertTrue(rs.getLong(names.size() + 1) > 1_000, "the distinct values were read");
        }
        assertEquals(0, queryLong("SELECT count(*) FROM analytics_events WHERE user_sub !~ '^auth0\\|demo-[0-9a-f]{24}$'"),
                "identity is an opaque sub only");
        assertEquals(0, queryLong("SELECT count(*) FROM analytics_events WHERE properties IS NOT NULL"));
    }

    @Test
    void everyAccountStatusOccursForTheDefaultRangeTheSameInEveryTimeZone() throws SQLException {
        Map<Long, Status> utc = statuses("UTC");
        EnumSet<Status> seen = EnumSet.noneOf(Status.class);
        seen.addAll(utc.values());
        assertEquals(EnumSet.allOf(Status.class), seen, utc.toString());
        for (Status status : Status.values()) {
            assertTrue(utc.values().stream().filter(status::equals).count() >= 3, status + ": " + utc);
        }
        assertEquals(Status.growing, utc.get(42L), "the example app's own customer");
        for (String zone : List.of("Pacific/Kiritimati", "Pacific/Pago_Pago", "America/Los_Angeles", "America/New_York", "Asia/Kolkata")) {
            assertEquals(utc, statuses(zone), zone);
        }
    }

    @Test
    void aSecondRunLoadsNothing() throws Exception {
        long before = queryLong("SELECT count(*) FROM analytics_events");
        assertEquals("demo data: not loaded, the database already holds events", runLoader());
        assertEquals(before, queryLong("SELECT count(*) FROM analytics_events"));
    }

    /**
     * The accounts contract for the view's default period "30d" (today and the 29 days before, in the zone) and the
     * previous period of the same length: dormant (no event in the range's last 14 days), new (first event ever inside
     * the range), declining (active users −25 % or less), growing (+25 % or more, or none before), else steady.
     */
    static Map<Long, Status> statuses(String zone) throws SQLException {
        String sql = """
                WITH z AS (SELECT ?::text AS zone),
                d AS (SELECT zone, (now() AT TIME ZONE zone)::date AS today FROM z),
                r AS (SELECT ((today - 29)::timestamp AT TIME ZONE zone) AS range_from,
                             ((today + 1)::timestamp AT TIME ZONE zone) AS range_to,
                             ((today - 59)::timestamp AT TIME ZONE zone) AS previous_from,
                             ((today - 13)::timestamp AT TIME ZONE zone) AS recent_from FROM d),
                c AS (
                    SELECT e.customer_id,
                           count(DISTINCT e.user_sub) FILTER (WHERE e.quarter >= r.range_from AND e.quarter < r.range_to) AS active,
                           count(DISTINCT e.user_sub) FILTER (WHERE e.quarter >= r.previous_from AND e.quarter < r.range_from) AS previous,
                           coalesce(bool_or(e.quarter >= r.recent_from AND e.quarter < r.range_to), false) AS recent,
                           bool_or(e.quarter >= r.previous_from AND e.quarter < r.range_to) AS listed,
                           min(e.quarter) >= min(r.range_from) AS first_inside
                    FROM demo_test_quarters e CROSS JOIN r
                    GROUP BY e.customer_id),
                s AS (SELECT c.*, CASE WHEN previous > 0 THEN round((active - previous) * 100.0 / previous, 1) END AS change FROM c WHERE listed)
                SELECT customer_id,
                       CASE WHEN NOT recent THEN 'dormant'
                            WHEN first_inside THEN 'new_'
                            WHEN change <= -25 THEN 'declining'
                            WHEN change >= 25 OR (previous = 0 AND active > 0) THEN 'growing'
                            ELSE 'steady' END
                FROM s""";
        Map<Long, Status> statuses = new TreeMap<>();
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, zone);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    statuses.put(rs.getLong(1), Status.valueOf(rs.getString(2)));
                }
            }
        }
        return statuses;
    }

    static Connection connection() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    static long queryLong(String sql) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
