package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.paubox.tracking.dashboard.model.LoginsReport;
import com.paubox.tracking.dashboard.privacy.SmallGroups;
import com.paubox.tracking.dashboard.repository.OutcomeUsersBackfill;
import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.dashboard.repository.report.AnalyticsReports;
import com.paubox.tracking.dashboard.service.QueryParser;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * Issue 29, "small groups kept from view": in every /logins breakdown a row of fewer distinct signed-in users than
 * ANALYTICS_MIN_GROUP_USERS (5 here, the default) is folded into one row "other" (suppressed, their sums), at the
 * boundary (4 users folded, 5 kept — whatever their number of logins), with totals equal to an answer with the rule off
 * (0), CSV equal to JSON, from raw events, from the rollups, with a raw tail crossing the boundary, and with the rollups
 * of before V47 (no users yet) until the job's backfill gives them theirs.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class LoginBreakdownSuppressionTest {

    static final String SURFACE = "groups29";
    static final long CUSTOMER = 292929;
    static final LocalDate FIRST = TestData.TODAY.minusDays(9);
    static final String[] US = { "US", "WA", "Milton", "Chrome", "Windows", "desktop" };
    static final String[] GB = { "GB", "ENG", "London", "Safari", "iOS", "mobile" };
    static final String[] SE = { "SE", "E", "Linköping", "Firefox", "Linux", "desktop" };
    static final String[] UNKNOWN = { null, null, null, "Chrome", "Windows", "desktop" };

    @Inject
    Pool pool;

    @Inject
    RollupRepository rollups;

    @Inject
    QueryParser parser;

    static int n;

    static String user(int i) {
        return "auth0|groups29-u" + i;
    }

    static SeededEvent login(String user, String code, String[] where, int day, int hour, Long customer) {
        OffsetDateTime at = FIRST.plusDays(day).atTime(hour, 7, n++ % 60).atOffset(ZoneOffset.UTC);
        return new SeededEvent(UUID.randomUUID(), at, code == null ? "login_success" : "login_failure", UUID.randomUUID(), UUID.randomUUID(), 1, user,
                customer, SURFACE, "/login", null, null, null, null, null, code, where[2], where[1], where[0], where[3], where[4], where[5]);
    }

    /**
     * US/Milton/Chrome/Windows: 5 users, one login each on a different day (5 cube rows of 1 user: the union must count
     * 5); GB/London/Safari/iOS/mobile: 4 users, 5 logins each (more logins than the kept US row); SE/Firefox/Linux: anonymous
     * only (0 users); unknown country: 1 user. Codes: invalid_grant by 5 users, mfa_required by 4, access_denied anonymous.
     */
    static List<SeededEvent> events() {
        List<SeededEvent> out = new ArrayList<>();
        for (int u = 1; u <= 5; u++) {
            out.add(login(user(u), null, US, u - 1, 10 + u, CUSTOMER));
            out.add(login(user(u), "invalid_grant", US, u - 1, 9 + u, CUSTOMER));
        }
        for (int u = 6; u <= 9; u++) {
            for (int d = 0; d < 5; d++) {
                out.add(login(user(u), null, GB, d, 14 + d, null));
            }
            out.add(login(user(u), "mfa_required", GB, u - 6, 13, null));
        }
        for (int i = 0; i < 3; i++) {
            out.add(login(null, null, SE, i, 8, null));
        }
        out.add(login(null, "access_denied", SE, 2, 20, null));
        out.add(login(null, "access_denied", SE, 3, 21, null));
        out.add(login(user(1), null, UNKNOWN, 6, 12, CUSTOMER));
        return out;
    }

    /** After the rollups ran: a fifth GB user (k − 1 → k across cube sketches and raw hashes), and a 6th failure code user. */
    static List<SeededEvent> tail() {
        return List.of(login(user(10), null, GB, 7, 9, null), login(user(10), "mfa_required", GB, 7, 8, null));
    }

    static List<SeededEvent> inserted = new ArrayList<>();

    @AfterAll
    static void leaveRawEventsOnly() {
        Arc.container().instance(RollupRepository.class).get().reset().await().indefinitely();
        Arc.container().instance(Pool.class).get().query("DELETE FROM analytics_events WHERE surface = '" + SURFACE + "'").execute().await().indefinitely();
    }

    Map<String, Object> params(String tz, Long customer) {
        Map<String, Object> p = new java.util.HashMap<>(Map.of("from", FIRST.minusDays(1).toString(), "to", TestData.TODAY.minusDays(1).toString(),
                "tz", tz, "surface", SURFACE));
        if (customer != null) {
            p.put("customer_id", customer);
        }
        return p;
    }

    JsonNode json(String tz, Long customer) {
        return AnalyticsApiTest.tree(given().auth().oauth2(Tokens.admin()).accept("application/json").queryParams(params(tz, customer)).when()
                .get("/api/admin/analytics/logins").then().statusCode(200).extract().asString());
    }

    Expected expected(String tz, Long customer) {
        return new Expected(inserted, FIRST.minusDays(1), TestData.TODAY.minusDays(1), tz, customer, SURFACE, null);
    }

    /** The same question answered with the rule off (a threshold of 0), through the reports themselves. */
    LoginsReport off(String tz, Long customer) {
        return new AnalyticsReports(pool, new SmallGroups(0)).logins(parser.parse(FIRST.minusDays(1).toString(), TestData.TODAY.minusDays(1).toString(),
                tz, customer == null ? null : customer.toString(), SURFACE, null)).await().indefinitely();
    }

    /** Every figure as the independent count says, CSV = JSON, and the totals and every breakdown's sums as with the rule off. */
    void assertAnswers() {
        for (String tz : List.of("UTC", "America/New_York", "Asia/Kolkata")) {
            for (Long customer : new Long[] { null, CUSTOMER }) {
                String what = tz + (customer == null ? "" : " customer " + customer);
                JsonNode answer = json(tz, customer);
                assertEquals(plain(expected(tz, customer).logins(5)), plain(answer), what);
                LoginsReport off = off(tz, customer);
                assertEquals(plain(expected(tz, customer).logins(0)), plain(off), what + ", rule off");
                assertEquals(0, off.minGroupUsers());
                assertEquals(off.successes(), answer.get("successes").asLong(), what);
                assertEquals(off.failures(), answer.get("failures").asLong(), what);
                assertEquals(off.failureRate(), answer.get("failure_rate").isNull() ? null : answer.get("failure_rate").asDouble(), what);
                for (String field : List.of("by_country", "by_region", "by_city", "by_browser", "by_os", "by_device")) {
                    assertEquals(off.successes(), sum(answer.get(field), "successes"), what + " " + field);
                    assertEquals(off.failures(), sum(answer.get(field), "failures"), what + " " + field);
                }
                assertEquals(sum(AnalyticsApiTest.tree(off).get("failures_by_code"), "failures"), sum(answer.get("failures_by_code"), "failures"), what);
                assertCsvIsJson(tz, customer, answer);
            }
        }
    }

    /** As JSON, without the (empty) estimates. */
    static JsonNode plain(Object reportOrJson) {
        return AnalyticsApiTest.withoutEstimates(reportOrJson instanceof JsonNode j ? j.deepCopy() : AnalyticsApiTest.tree(reportOrJson));
    }

    static long sum(JsonNode rows, String field) {
        long total = 0;
        for (JsonNode r : rows) {
            total += r.get(field).asLong();
        }
        return total;
    }

    void assertCsvIsJson(String tz, Long customer, JsonNode answer) {
        Response csv = given().auth().oauth2(Tokens.admin()).accept("text/csv").queryParams(params(tz, customer)).when().get("/api/admin/analytics/logins");
        csv.then().statusCode(200).contentType(startsWith("text/csv"));
        List<List<String>> rows = Csv.parse(csv.asString());
        assertEquals(List.of("breakdown", "key", "successes", "failures", "suppressed"), rows.get(0));
        List<List<String>> fromJson = new ArrayList<>();
        answer.get("failures_by_code").forEach(r -> fromJson.add(List.of("error_code", r.get("error_code").asText(), "", r.get("failures").asText(),
                r.get("suppressed").asText())));
        Map<String, String> names = Map.of("country", "by_country", "region", "by_region", "city", "by_city", "browser", "by_browser", "os", "by_os",
                "device", "by_device");
        for (String name : List.of("country", "region", "city", "browser", "os", "device")) {
            answer.get(names.get(name)).forEach(r -> fromJson.add(List.of(name, r.get("key").isNull() ? "" : r.get("key").asText(),
                    r.get("successes").asText(), r.get("failures").asText(), r.get("suppressed").asText())));
        }
        assertEquals(fromJson, rows.subList(1, rows.size()), "CSV rows = JSON rows");
    }

    static List<String> keys(JsonNode rows, String key) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add((r.get(key).isNull() ? "null" : r.get(key).asText()) + (r.get("suppressed").asBoolean() ? "*" : "")));
        return out;
    }

    /** The boundary, spelled out (UTC, every customer): 5 users kept, 4 (with 20 logins), 1 and 0 folded. */
    void assertBoundary(boolean fifthGbUser) {
        JsonNode a = json("UTC", null);
        assertEquals(5, a.get("min_group_users").asInt());
        if (!fifthGbUser) {
            assertEquals(List.of("US", "other*"), keys(a.get("by_country"), "key"));
            JsonNode other = a.get("by_country").get(1);
            assertEquals(20 + 3 + 1, other.get("successes").asLong(), "GB's 20, SE's 3 anonymous, the unknown country's 1");
            assertEquals(4 + 2, other.get("failures").asLong());
            assertEquals(List.of("Milton", "other*"), keys(a.get("by_city"), "key"));
            assertEquals(List.of("Chrome", "other*"), keys(a.get("by_browser"), "key"));
            assertEquals(List.of("desktop", "other*"), keys(a.get("by_device"), "key"));
            assertEquals(List.of("invalid_grant", "other*"), keys(a.get("failures_by_code"), "error_code"));
            assertEquals(6, a.get("failures_by_code").get(1).get("failures").asLong(), "mfa_required's 4 and access_denied's 2");
        } else {
            assertEquals(List.of("GB", "US", "other*"), keys(a.get("by_country"), "key"));
            assertEquals(List.of("mobile", "desktop"), keys(a.get("by_device"), "key"), "nothing folded, no other row");
            assertEquals(List.of("invalid_grant", "mfa_required", "other*"), keys(a.get("failures_by_code"), "error_code"));
        }
    }

    @Test
    void smallGroupsAreFoldedIntoOtherFromRawEventsRollupsAndTheTail() {
        TestData.ensureSeeded(pool);
        rollups.reset().await().indefinitely();
        inserted = new ArrayList<>(events());
        Seeder.insert(pool, inserted, true);

        // raw events only
        assertBoundary(false);
        assertAnswers();

        // from the rollups (every login folded)
        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
        assertTrue(count("SELECT count(*) FROM analytics_rollup_outcomes WHERE surface = '" + SURFACE + "' AND users IS NOT NULL") > 0);
        assertBoundary(false);
        assertAnswers();

        // a fifth GB user in the raw tail: the cube rows' 4 and the tail's 1 make 5
        inserted.addAll(tail());
        Seeder.insert(pool, tail(), true);
        assertBoundary(true);
        assertAnswers();
    }

    @Test
    void rollupsFoldedBeforeV47GetTheirUsersFromTheBackfillAndAreNotReadUntilThen() {
        TestData.ensureSeeded(pool);
        rollups.reset().await().indefinitely();
        pool.query("DELETE FROM analytics_events WHERE surface = '" + SURFACE + "'").execute().await().indefinitely();
        inserted = new ArrayList<>(events());
        Seeder.insert(pool, inserted, true);
        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
        List<String> folded = outcomeRows();

        // as before V47: rows without users, the backfill not recorded
        pool.query("UPDATE analytics_rollup_outcomes SET users = NULL").execute().await().indefinitely();
        pool.query("DELETE FROM analytics_rollup_backfill WHERE what = 'outcome_users'").execute().await().indefinitely();
        assertFalse(OutcomeUsersBackfill.ready(pool).await().indefinitely());
        assertBoundary(false);
        assertAnswers();

        rollups.refresh(null).await().indefinitely();
        assertTrue(OutcomeUsersBackfill.ready(pool).await().indefinitely());
        assertEquals(folded, outcomeRows(), "the backfilled sketches = the folded ones");
        assertBoundary(false);
        assertAnswers();
    }

    long count(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getLong(0);
    }

    List<String> outcomeRows() {
        return ErasureRebuildTest.lines(pool, "SELECT * FROM analytics_rollup_outcomes");
    }
}
