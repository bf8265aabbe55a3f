package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * Hostile query parameters: SQL injection attempts in every free-text filter either fail validation (400)
 * or match nothing (200 with the same answer as a harmless unknown value), the tables are intact afterwards,
 * LIKE wildcards in path_prefix match literally, and nothing can request unbounded work (row limits, date
 * ranges, huge numbers). Also: the service logs no bearer token, client IP, User-Agent or parameter value.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class HostileParameterTest {

    static final String BASE = "/api/admin/analytics/";
    static final List<String> INJECTIONS = List.of("' OR 1=1 --", "x' OR '1'='1", "%' ; DROP TABLE analytics_events; --",
            "/'; DROP TABLE analytics_events; --", "/%' OR '1'='1", "/' UNION SELECT user_sub, null FROM analytics_events --",
            "/\\'; SELECT pg_sleep(10); --", "1; DELETE FROM audit_log", "/$1", "/%", "/_", "/\\", "' || (SELECT current_user) || '",
            "/" + "'".repeat(1000));

    @Inject
    Pool pool;

    @Test
    void injectionInFiltersIsRefusedOrMatchesNothing() {
        String token = Tokens.admin();
        long before = rows("analytics_events");
        // One endpoint per query shape: totals, top-N list, time buckets (the others share SqlFilter with these).
        for (String endpoint : List.of("overview", "pages", "customers", "timeseries?metric=page_views")) {
            Response harmless = given().auth().oauth2(token).queryParam("path_prefix", "/no-such-path-" + UUID.randomUUID())
                    .when().get(BASE + endpoint);
            assertEquals(200, harmless.statusCode());
            for (String value : INJECTIONS) {
                List<String> params = endpoint.startsWith("timeseries") ? List.of("surface", "path_prefix", "customer_id", "tz", "from", "to",
                        "interval", "metric") : List.of("surface", "path_prefix", "customer_id", "tz", "from", "to", "limit");
                for (String param : params) {
                    long start = System.nanoTime();
                    Response r = given().auth().oauth2(token).queryParam(param, value).when().get(BASE + endpoint);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(r.statusCode() == 200 || r.statusCode() == 400, param + "=" + value + " on " + endpoint + ": " + r.statusCode()
                            + " " + r.asString());
                    assertTrue(millis < 5_000, "pg_sleep ran? " + millis + " ms for " + param + "=" + value);
                    if (r.statusCode() == 200 && param.equals("path_prefix")) {
                        // Matches nothing: the same answer as an unknown prefix.
                        assertEquals(harmless.asString(), r.asString(), param + "=" + value + " on " + endpoint);
                    }
                    if (r.statusCode() == 200) {
                        assertFalse(r.asString().contains("postgres") || r.asString().contains("analytics_user"), r.asString());
                    }
                }
            }
        }
        // The tables are all still there, with the same contents.
        assertEquals(before, rows("analytics_events"));
        assertTrue(rows("audit_log") > 0);
    }

    /**
     * A NUL character in a filter parameter is a bad request (400), and the refusal is still audited:
     * PostgreSQL text cannot hold NUL, so the audit row records it as U+FFFD (this used to answer 503).
     */
    @Test
    void nulInAParameterIsABadRequest() {
        for (String param : List.of("surface", "path_prefix", "tz", "limit")) {
            given().auth().oauth2(Tokens.admin()).queryParam(param, "/a\u0000b").when().get(BASE + "pages").then().statusCode(400);
        }
    }

    @Test
    void likeWildcardsInPathPrefixMatchLiterally() {
        String token = Tokens.admin();
        Response none = given().auth().oauth2(token).queryParam("path_prefix", "/no-such-" + UUID.randomUUID()).when().get(BASE + "overview");
        for (String wildcard : List.of("/%", "/_", "/%%", "/\\%", "/__%")) {
            given().auth().oauth2(token).queryParam("path_prefix", wildcard).when().get(BASE + "overview").then().statusCode(200)
                    .body(equalTo(none.asString()));
        }
    }

    @Test
    void unboundedWorkIsRefused() {
        String token = Tokens.admin();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String limit : List.of("1000000", "1001", "2147483648", "99999999999999999999", "-1", "0", "1e3", "0x10")) {
            for (String endpoint : List.of("pages", "clicks", "customers")) {
                given().auth().oauth2(token).queryParam("limit", limit).when().get(BASE + endpoint).then().statusCode(400)
                        .body("field", equalTo("limit"));
            }
        }
        for (String[] range : List.of(new String[] { today.minusDays(400).toString(), today.toString() },
                new String[] { "0001-01-01", today.toString() }, new String[] { "1970-01-01", "9999-12-31" },
                new String[] { today.toString(), "+999999999-12-31" }, new String[] { "-999999999-01-01", today.toString() })) {
            for (String endpoint : List.of("overview", "timeseries?metric=page_views&interval=hour", "pages", "sessions")) {
                given().auth().oauth2(token).queryParam("from", range[0]).queryParam("to", range[1]).when().get(BASE + endpoint).then()
                        .statusCode(400).body("field", anyOf(equalTo("from"), equalTo("to")));
            }
        }
        // A surface or path far beyond its limit is refused before any query.
        given().auth().oauth2(token).queryParam("path_prefix", "/" + "a".repeat(1_500)).when().get(BASE + "pages").then().statusCode(400);
        given().auth().oauth2(token).queryParam("surface", "s".repeat(1_500)).when().get(BASE + "pages").then().statusCode(400);
        given().auth().oauth2(token).queryParam("customer_id", "9".repeat(400)).when().get(BASE + "pages").then().statusCode(400);
        // Beyond the request-line limit the HTTP layer refuses before any code runs.
        given().auth().oauth2(token).queryParam("path_prefix", "/" + "a".repeat(5_000)).when().get(BASE + "pages").then()
                .statusCode(anyOf(equalTo(400), equalTo(414)));
    }

    @Test
    void logsHoldNoTokenIpUserAgentOrParameter() {
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                String name = String.valueOf(record.getLoggerName());
                if (name.startsWith("org.apache.http") || name.startsWith("io.restassured") || name.startsWith("com.github.tomakehurst")
                        || name.startsWith("WireMock") || name.startsWith("org.eclipse.jetty")) {
                    return; // the test's own HTTP client and the mock provider
                }
                logged.add(name + " " + record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()) + " "
                        + (record.getThrown() == null ? "" : record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Level level = root.getLevel();
        root.addHandler(capture);
        root.setLevel(java.util.logging.Level.INFO); // the production level; DEBUG is never used in production
        try {
            String marker = "Zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            String admin = Tokens.admin();
            String plain = Tokens.withoutRole();
            String ua = "Mozilla/5.0 Marker/" + marker;
            given().auth().oauth2(admin).header("User-Agent", ua).header("X-Forwarded-For", "198.51.100.77")
                    .queryParam("path_prefix", "/" + marker).when().get(BASE + "pages").then().statusCode(200);
            given().auth().oauth2(admin).header("User-Agent", ua).queryParam("surface", marker + "' OR 1=1").when().get(BASE + "pages")
                    .then().statusCode(400);
            given().auth().oauth2(plain).header("User-Agent", ua).when().get(BASE + "overview").then().statusCode(403);
            given().auth().oauth2(admin + "x").header("User-Agent", ua).when().get(BASE + "overview").then().statusCode(401);
            given().auth().oauth2("not-a-jwt-" + marker).header("User-Agent", ua).when().get(BASE + "overview").then().statusCode(401);
            given().auth().oauth2(admin).header("User-Agent", ua).when().delete(BASE + "users/{sub}", "auth0|erase-me").then()
                    .statusCode(anyOf(equalTo(200), equalTo(204)));
            String[] secrets = { marker, admin.split("\\.")[2].substring(0, 20), plain.split("\\.")[2].substring(0, 20),
                    admin.split("\\.")[1].substring(0, 20), "198.51.100.77", "127.0.0.1" };
            for (String line : logged) {
                for (String secret : secrets) {
                    assertFalse(line.contains(secret), "log line holds " + secret + ": " + line);
                }
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(level);
        }
    }

    private long rows(String table) {
        return pool.query("SELECT count(*) FROM " + table).execute().await().indefinitely().iterator().next().getLong(0);
    }
}
