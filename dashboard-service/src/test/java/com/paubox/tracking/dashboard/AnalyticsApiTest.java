package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.paubox.tracking.dashboard.model.CsvTable;
import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.dashboard.rollup.Watermark;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * Every endpoint's numbers against an independent count of the seeded events, filters and zones included.
 * The tests run with the hourly rollups covering every closed hour; {@link #rollupsRawEventsAndMixesAgree}
 * also checks a rollup/raw split inside the ranges and raw events alone.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class AnalyticsApiTest {

    static final String BASE = "/api/admin/analytics/";
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    @Inject
    Pool pool;

    @Inject
    RollupRepository rollups;

    List<SeededEvent> events;
    String token;

    /** Whether the rollups cover every closed hour (set up once; the mixed test restores it). */
    static boolean rolled;

    @BeforeEach
    void seed() {
        events = TestData.ensureSeeded(pool);
        token = Tokens.admin();
        if (!rolled) {
            rollAll(rollups);
            rolled = true;
        }
    }

    /** Folds every stored event into the rollups (no lag: nothing is in flight in a test). */
    static void rollAll(RollupRepository rollups) {
        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
    }

    /** Other test classes share the database and do not run the rollup job: leave them raw events only. */
    @AfterAll
    static void resetRollups() {
        Arc.container().instance(RollupRepository.class).get().reset().await().indefinitely();
        rolled = false;
    }

    void assertEveryEndpoint(int from, int to, String tz, String customer, String surface, String prefix) {
        overview(from, to, tz, customer, surface, prefix);
        timeseriesEveryMetricByDayAndHour(from, to, tz, customer, surface, prefix);
        pagesClicksCustomers(from, to, tz, customer, surface, prefix);
        sessionsAndLogins(from, to, tz, customer, surface, prefix);
    }

    @Test
    void connectionsUseTheConfiguredWorkMem() {
        assertEquals("32MB", pool.query("SHOW work_mem").execute().await().indefinitely().iterator().next().getString(0));
        // generic plans would scan the month for the raw tail ((xact_id, occurred_at) >= $watermark)
        assertEquals("force_custom_plan", pool.query("SHOW plan_cache_mode").execute().await().indefinitely().iterator().next().getString(0));
    }

    @Test
    void rollupsRawEventsAndMixesAgree() {
        try {
            // the seeded transaction's events until the middle of most ranges are rolled up: cube rows before, raw events
            // after (and at half-hour edges); small windows, so several runs build on each other's rows
            rollups.reset().await().indefinitely();
            long seeded = pool.query("SELECT min(xact_id) FROM analytics_events").execute().await().indefinitely().iterator().next().getLong(0);
            var cut = new Watermark(seeded, TestData.TODAY.minusDays(25).atTime(5, 30).atOffset(ZoneOffset.UTC));
            var runs = rollups.catchUp(cut, Duration.ofMinutes(2)).await().indefinitely();
            assertEquals(0, cut.compareTo(rollups.watermark().await().indefinitely()));
            assertTrue(runs.events() > 0, "events were folded");
            assertTrue(pool.query("SELECT count(*) FROM analytics_rollup_totals").execute().await().indefinitely().iterator().next()
                    .getLong(0) > 0, "rollup rows exist");
            for (String line : FILTERS.strip().split("\n")) {
                String[] c = line.split(",\\s*");
                assertEveryEndpoint(Integer.parseInt(c[0].trim()), Integer.parseInt(c[1].trim()), c[2].trim(), c[3].trim(), c[4].trim(), c[5].trim());
            }
            // nothing rolled: raw events only
            rollups.reset().await().indefinitely();
            assertEveryEndpoint(45, 1, "UTC", "-", "-", "-");
            assertEveryEndpoint(40, 2, "Asia/Kolkata", "48213", "-", "-");
        } finally {
            rollAll(rollups);
        }
    }

    double lagOnMetrics() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("analytics_rollup_lag_seconds ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError("analytics_rollup_lag_seconds missing from /q/metrics"));
    }

    @Test
    void rollupLagIsOnMetrics() {
        try {
            rollups.reset().await().indefinitely();
            // nothing folded: the rollups trail by the whole stored history (45 days of seeded receipts)
            assertTrue(lagOnMetrics() > 40 * 86_400, "lag without rollups");
            rollAll(rollups);
            assertEquals(0.0, lagOnMetrics(), "lag once every stored event is folded");
        } finally {
            rollAll(rollups);
        }
    }

    /** from-offset, to-offset (days before today), tz, customer_id, surface, path_prefix ("-" = not given). */
    static final String FILTERS = """
            45, 1, UTC, -, -, -
            30, 10, America/New_York, -, -, -
            40, 2, Asia/Kolkata, 48213, -, -
            44, 0, Pacific/Auckland, -, dashboard, /messages
            45, 1, UTC, 777, marketing, -
            45, 1, Europe/Paris, -, -, /a_b%
            20, 20, America/Los_Angeles, 12, -, -
            30, 3, Asia/Kolkata, -, -, /messages/in
            45, 1, UTC, -, dashboard, /settings/
            30, 2, America/New_York, 48213, dashboard, /messages
            40, 1, Asia/Kolkata, -, -, /messages
            """;

    Map<String, Object> params(int fromOffset, int toOffset, String tz, String customer, String surface, String prefix) {
        Map<String, Object> p = new HashMap<>();
        p.put("from", TestData.TODAY.minusDays(fromOffset).toString());
        p.put("to", TestData.TODAY.minusDays(toOffset).toString());
        p.put("tz", tz);
        if (!customer.equals("-")) {
            p.put("customer_id", customer);
        }
        if (!surface.equals("-")) {
            p.put("surface", surface);
        }
        if (!prefix.equals("-")) {
            p.put("path_prefix", prefix);
        }
        return p;
    }

    Expected expected(int fromOffset, int toOffset, String tz, String customer, String surface, String prefix) {
        return new Expected(events, TestData.TODAY.minusDays(fromOffset), TestData.TODAY.minusDays(toOffset), tz,
                customer.equals("-") ? null : Long.valueOf(customer), surface.equals("-") ? null : surface, prefix.equals("-") ? null : prefix);
    }

    JsonNode get(String endpoint, Map<String, Object> params) {
        String body = given().auth().oauth2(token).accept("application/json").queryParams(params).when().get(BASE + endpoint)
                .then().statusCode(200).extract().asString();
        return tree(body);
    }

    /**
     * The answer equals the exact computation: additive figures exactly; each distinct figure is named in the nearest
     * {@code estimates} object, whose 95 % bounds contain it — and on this small data set the sketches hold every value,
     * so the method is "exact" and the figure equals the exact count.
     */
    static void assertAnswer(Object expected, JsonNode actual, String what) {
        assertEstimates(actual, what);
        assertEquals(withoutEstimates(tree(expected)), withoutEstimates(actual.deepCopy()), what);
    }

    static void assertEstimates(JsonNode node, String what) {
        if (node.isArray()) {
            node.forEach(n -> assertEstimates(n, what));
        } else if (node.isObject()) {
            JsonNode est = node.get("estimates");
            if (est != null && !est.isNull()) {
                est.fields().forEachRemaining(e -> {
                    JsonNode figure = node.get(e.getKey());
                    assertTrue(figure != null && figure.isNumber(), what + ": estimate of a missing figure " + e.getKey());
                    JsonNode q = e.getValue();
                    assertEquals("exact", q.get("method").asText(), what + ": " + e.getKey() + " of a small data set is exact");
                    assertEquals(0.0, q.get("rse").asDouble(), what);
                    assertEquals(figure.asLong(), q.get("lower").asLong(), what + ": " + e.getKey() + " lower bound");
                    assertEquals(figure.asLong(), q.get("upper").asLong(), what + ": " + e.getKey() + " upper bound");
                });
            }
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("estimates")) {
                    assertEstimates(e.getValue(), what);
                }
            });
        }
    }

    static JsonNode withoutEstimates(JsonNode node) {
        if (node.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("estimates");
        }
        node.forEach(AnalyticsApiTest::withoutEstimates);
        return node;
    }

    static JsonNode tree(Object valueOrJson) {
        try {
            String json = valueOrJson instanceof String s ? s : JSON.writeValueAsString(valueOrJson);
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource(textBlock = FILTERS)
    void overview(int from, int to, String tz, String customer, String surface, String prefix) {
        Expected expected = expected(from, to, tz, customer, surface, prefix);
        assertTrue(expected.events().size() > 0 || customer.equals("12"), "the filter should select seeded events");
        assertAnswer(expected.overview(), get("overview", params(from, to, tz, customer, surface, prefix)), "overview");
    }

    @ParameterizedTest
    @CsvSource(textBlock = FILTERS)
    void timeseriesEveryMetricByDayAndHour(int from, int to, String tz, String customer, String surface, String prefix) {
        Expected expected = expected(from, to, tz, customer, surface, prefix);
        for (String metric : List.of("page_views", "unique_users", "unique_visitors", "sessions", "avg_visible_ms", "avg_duration_ms",
                "clicks", "login_successes", "login_failures")) {
            for (String interval : List.of("day", "hour")) {
                Map<String, Object> p = params(from, to, tz, customer, surface, prefix);
                p.put("metric", metric);
                p.put("interval", interval);
                assertAnswer(expected.timeseries(metric, interval), get("timeseries", p), metric + " by " + interval);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(textBlock = FILTERS)
    void pagesClicksCustomers(int from, int to, String tz, String customer, String surface, String prefix) {
        Expected expected = expected(from, to, tz, customer, surface, prefix);
        for (int limit : new int[] { 1, 3, 1000 }) {
            Map<String, Object> p = params(from, to, tz, customer, surface, prefix);
            p.put("limit", limit);
            assertAnswer(expected.pages(limit), get("pages", p), "pages limit " + limit);
            assertAnswer(expected.clicks(limit), get("clicks", p), "clicks limit " + limit);
            assertAnswer(expected.customers(limit), get("customers", p), "customers limit " + limit);
        }
        Map<String, Object> p = params(from, to, tz, customer, surface, prefix);
        assertAnswer(expected.pages(100), get("pages", p), "default limit");
    }

    @ParameterizedTest
    @CsvSource(textBlock = FILTERS)
    void sessionsAndLogins(int from, int to, String tz, String customer, String surface, String prefix) {
        Expected expected = expected(from, to, tz, customer, surface, prefix);
        assertAnswer(expected.sessions(), get("sessions", params(from, to, tz, customer, surface, prefix)), "sessions");
        // the service's threshold (ANALYTICS_MIN_GROUP_USERS, 5 by default): with 5 seeded users some rows are kept, most folded
        int minGroupUsers = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("analytics.min-group-users", Integer.class);
        assertAnswer(expected.logins(minGroupUsers), get("logins", params(from, to, tz, customer, surface, prefix)), "logins");
    }

    @Test
    void defaultRangeIsTheLast30DaysInUtc() {
        Expected expected = new Expected(events, TestData.TODAY.minusDays(29), TestData.TODAY, "UTC", null, null, null);
        assertAnswer(expected.overview(), get("overview", Map.of()), "overview");
        JsonNode series = get("timeseries", Map.of("metric", "page_views"));
        assertEquals(30, series.get("points").size());
        assertAnswer(expected.timeseries("page_views", "day"), series, "series");
    }

    @ParameterizedTest
    @CsvSource({ "pages", "clicks", "customers", "timeseries", "logins" })
    void csvMatchesJson(String endpoint) throws Exception {
        Map<String, Object> p = params(45, 1, "America/New_York", "-", "-", "-");
        p.put("metric", "sessions");
        JsonNode json = get(endpoint, p);
        Response csv = given().auth().oauth2(token).accept("text/csv").queryParams(p).when().get(BASE + endpoint);
        csv.then().statusCode(200).contentType(startsWith("text/csv"));
        CsvTable table = switch (endpoint) {
            case "pages" -> JSON.treeToValue(json, com.paubox.tracking.dashboard.model.PagesReport.class);
            case "clicks" -> JSON.treeToValue(json, com.paubox.tracking.dashboard.model.ClicksReport.class);
            case "customers" -> JSON.treeToValue(json, com.paubox.tracking.dashboard.model.CustomersReport.class);
            case "logins" -> JSON.treeToValue(json, com.paubox.tracking.dashboard.model.LoginsReport.class);
            default -> JSON.treeToValue(json, com.paubox.tracking.dashboard.model.Timeseries.class);
        };
        List<List<String>> rows = Csv.parse(csv.asString());
        assertEquals(table.csvHeader(), rows.get(0));
        assertEquals(table.csvRows().size(), rows.size() - 1);
        for (int i = 0; i < table.csvRows().size(); i++) {
            List<String> expectedRow = table.csvRows().get(i).stream().map(v -> v == null ? "" : v.toString()).toList();
            assertEquals(expectedRow, rows.get(i + 1), "row " + i);
        }
        assertTrue(csv.asString().endsWith("\r\n"));
        if (endpoint.equals("clicks")) {
            // labels holding a comma and quotes travel quoted, quotes doubled (RFC 4180)
            assertTrue(csv.asString().contains("\"send, now\""), csv.asString());
            assertTrue(csv.asString().contains("\"say \"\"hi\"\"\""), csv.asString());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            timeseries?metric=bounces                          | metric
            timeseries                                         | metric
            timeseries?metric=clicks&interval=week             | interval
            overview?from=2026-02-10&to=2026-02-01             | from
            overview?from=2024-01-01&to=2026-01-01             | to
            overview?from=yesterday                            | from
            overview?to=2026-13-01                             | to
            overview?tz=Mars/Olympus                           | tz
            overview?tz=%2B05:00                               | tz
            pages?limit=0                                      | limit
            clicks?limit=1001                                  | limit
            customers?limit=ten                                | limit
            sessions?customer_id=-4                            | customer_id
            logins?customer_id=abc                             | customer_id
            overview?surface=bad%20surface                     | surface
            pages?path_prefix=nope                             | path_prefix
            """)
    void badParametersAre400Problems(String query, String field) {
        given().auth().oauth2(token).when().get(BASE + query).then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(400)).body("field", equalTo(field))
                .body("title", equalTo("Bad parameter"));
    }

    @Test
    void badParameterInCsvRequestIsStillAProblem() {
        given().auth().oauth2(token).accept("text/csv").when().get(BASE + "pages?limit=0").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("\"field\":\"limit\""));
    }

    @Test
    void maximumRangeIs400Days() {
        LocalDate to = TestData.TODAY;
        given().auth().oauth2(token).queryParam("from", to.minusDays(399).toString()).queryParam("to", to.toString())
                .when().get(BASE + "overview").then().statusCode(200);
        given().auth().oauth2(token).queryParam("from", to.minusDays(400).toString()).queryParam("to", to.toString())
                .when().get(BASE + "overview").then().statusCode(400);
    }
}
