package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * /accounts and /accounts/{id}/users (issue 27) against exact figures computed with SQL from the seeded raw events, with
 * the rollups and without them, in New York time (partial UTC days at both ends): one customer per status at its
 * boundary, change and adoption arithmetic, sort and cursor paging, CSV = JSON, bad parameters, 401/403, audit rows.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class AccountsApiTest {

    /** A surface of its own; customers 9_27x of their own (the first-event check looks at every surface). */
    static final String SURFACE = "accounts-" + UUID.randomUUID().toString().substring(0, 8);
    static final ZoneId NY = ZoneId.of("America/New_York");
    /** 28 days, Thursday 1 May to Wednesday 28 May 2025: five ISO weeks, the first and last cut. Previous: 3–30 April. */
    static final LocalDate FROM = LocalDate.of(2025, 5, 1);
    static final LocalDate TO = LocalDate.of(2025, 5, 28);

    static final long NEW = 927_001;
    static final long DORMANT = 927_002;
    static final long DECLINING = 927_003;
    static final long GROWING = 927_004;
    static final long GROWING_FROM_NONE = 927_005;
    static final long STEADY = 927_006;

    @Inject
    Pool pool;

    @Inject
    RollupRepository rollups;

    final List<SeededEvent> events = new ArrayList<>();

    /** An event of the customer at a New York local time; {@code user} null: anonymous. */
    void at(long customer, String user, String localTime, String type, String label) {
        OffsetDateTime t = java.time.LocalDateTime.parse(localTime).atZone(NY).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        UUID session = UUID.nameUUIDFromBytes((customer + "|" + user + "|" + localTime.substring(0, 10)).getBytes());
        events.add(new SeededEvent(UUID.randomUUID(), t, type, UUID.nameUUIDFromBytes(String.valueOf(user).getBytes()), session, 1, user, customer, SURFACE,
                "/messages/inbox", null, null, label, label == null ? null : "button", null, type.equals("login_failure") ? "invalid_grant" : null, null,
                null, null, null, null, null));
    }

    void views(long customer, String user, String... localTimes) {
        for (String t : localTimes) {
            at(customer, user, t, "page_view", null);
        }
    }

    /** {@code n} users of the customer each viewing a page at the time. */
    void users(long customer, String prefix, int n, String localTime) {
        for (int i = 0; i < n; i++) {
            views(customer, "auth0|" + prefix + "-" + customer + "-" + i, localTime);
        }
    }

    @BeforeEach
    void seed() {
        // new: first event ever on 10 May; active until 27 May; 2 users, one sent an email (adoption 50 %)
        views(NEW, "auth0|n1", "2025-05-10T09:00:00", "2025-05-27T23:30:00");
        views(NEW, "auth0|n2", "2025-05-12T10:00:00");
        at(NEW, "auth0|n1", "2025-05-12T10:05:00", "click", "send_email_btn");
        // dormant: active before and early in the range, nothing from 15 May (the last 14 days) on
        users(DORMANT, "d", 3, "2025-04-10T12:00:00");
        views(DORMANT, "auth0|d-last", "2025-05-14T23:59:59");
        // declining at the boundary: 4 users before, 3 now (−25 %); a login failure and 3 successes (rate 0.25)
        users(DECLINING, "x", 4, "2025-04-20T08:00:00");
        users(DECLINING, "x", 3, "2025-05-20T08:00:00");
        at(DECLINING, "auth0|x-" + DECLINING + "-0", "2025-05-20T08:01:00", "login_failure", null);
        for (int i = 0; i < 3; i++) {
            at(DECLINING, "auth0|x-" + DECLINING + "-" + i, "2025-05-20T08:02:00", "login_success", null);
        }
        // growing at the boundary: 4 before, 5 now (+25 %); the first event of the range at 00:00 New York (04:00 UTC)
        users(GROWING, "g", 4, "2025-04-15T09:00:00");
        users(GROWING, "g", 5, "2025-05-01T00:00:00");
        views(GROWING, "auth0|g-" + GROWING + "-0", "2025-05-26T12:00:00");
        at(GROWING, "auth0|g-" + GROWING + "-1", "2025-05-26T12:01:00", "click", "nav_compose");
        at(GROWING, "auth0|g-" + GROWING + "-1", "2025-05-26T12:02:00", "click", "send_email_btn");
        at(GROWING, "auth0|g-" + GROWING + "-2", "2025-05-26T12:03:00", "click", "nav_compose");
        // an event after the range (29 May 00:00 New York): not counted
        views(GROWING, "auth0|g-after", "2025-05-29T00:00:00");
        // growing from none: only anonymous before, 2 users now (change null)
        at(GROWING_FROM_NONE, null, "2025-04-25T12:00:00", "page_view", null);
        users(GROWING_FROM_NONE, "f", 2, "2025-05-22T12:00:00");
        // steady: 5 before, 4 now (−20 %), an event before the range on its first UTC day (1 May 02:00 UTC = 30 April 22:00 New York)
        users(STEADY, "s", 5, "2025-04-30T22:00:00");
        users(STEADY, "s", 4, "2025-05-27T12:00:00");
        Seeder.insert(pool, events);
    }

    /** Other test classes share the database and expect no rollups. */
    @AfterEach
    void leaveRawEventsOnly() {
        rollups.reset().await().indefinitely();
        pool.preparedQuery("DELETE FROM analytics_events WHERE surface = $1").execute(Tuple.of(SURFACE)).await().indefinitely();
    }

    static io.restassured.specification.RequestSpecification api() {
        return given().auth().oauth2(Tokens.admin()).queryParam("from", FROM.toString()).queryParam("to", TO.toString()).queryParam("tz", NY.getId())
                .queryParam("surface", SURFACE);
    }

    static Map<String, Object> accounts(Map<String, Object> params) {
        return api().queryParams(params).when().get("/api/admin/analytics/accounts").then().statusCode(200).extract().jsonPath().getMap("");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("rows");
    }

    @Test
    void everyFigureEqualsTheRawEventsWithAndWithoutRollups() {
        Map<Long, Map<String, Object>> expected = expected();
        assertAnswers(expected, "raw events only");
        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
        assertAnswers(expected, "rollups");
    }

    void assertAnswers(Map<Long, Map<String, Object>> expected, String how) {
        Map<String, Object> answer = accounts(Map.of("limit", "500"));
        assertEquals(List.of("2025-04-28", "2025-05-05", "2025-05-12", "2025-05-19", "2025-05-26"), answer.get("weeks"), how);
        assertEquals(List.of("send_email_btn", "nav_compose"), answer.get("key_actions"), how);
        assertNull(answer.get("next"), how);
        Map<Long, Map<String, Object>> actual = new LinkedHashMap<>();
        for (Map<String, Object> r : rows(answer)) {
            Map<String, Object> figures = new LinkedHashMap<>(r);
            figures.remove("estimates");
            figures.remove("status");
            actual.put(((Number) r.get("customer_id")).longValue(), figures);
        }
        assertEquals(expected, actual, how);
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()), how + ": order");
        Map<Long, String> statuses = new HashMap<>();
        rows(answer).forEach(r -> statuses.put(((Number) r.get("customer_id")).longValue(), (String) r.get("status")));
        assertEquals(Map.of(NEW, "new", DORMANT, "dormant", DECLINING, "declining", GROWING, "growing", GROWING_FROM_NONE, "growing", STEADY, "steady"),
                statuses, how);
        // the default order: the biggest drop first, no previous users last, ties by customer id
        assertEquals(List.of(DORMANT, DECLINING, STEADY, GROWING, NEW, GROWING_FROM_NONE), new ArrayList<>(actual.keySet()), how);
    }

    /** Every row as the API should answer it, computed with SQL over the raw events (and the statuses by hand above). */
    Map<Long, Map<String, Object>> expected() {
        OffsetDateTime start = FROM.atStartOfDay(NY).toOffsetDateTime();
        OffsetDateTime end = TO.plusDays(1).atStartOfDay(NY).toOffsetDateTime();
        OffsetDateTime previousStart = FROM.minusDays(28).atStartOfDay(NY).toOffsetDateTime();
        Map<Long, Map<String, Object>> out = new LinkedHashMap<>();
        String figures = """
                SELECT c.id,
                  (SELECT count(DISTINCT user_sub) FROM analytics_events WHERE customer_id = c.id AND surface = $1 AND occurred_at >= $2 AND occurred_at < $3) AS active,
                  (SELECT count(DISTINCT user_sub) FROM analytics_events WHERE customer_id = c.id AND surface = $1 AND occurred_at >= $4 AND occurred_at < $2) AS previous,
                  (SELECT count(*) FROM analytics_events WHERE customer_id = c.id AND surface = $1 AND occurred_at >= $2 AND occurred_at < $3 AND type = 'page_view') AS views,
                  (SELECT count(DISTINCT session_id) FROM analytics_events WHERE customer_id = c.id AND surface = $1 AND occurred_at >= $2 AND occurred_at < $3) AS sessions,
                  (SELECT count(DISTINCT user_sub) FROM analytics_events WHERE customer_id = c.id AND surface = $1 AND occurred_at >= $2 AND occurred_at < $3
                     AND type = 'click' AND label IN ('send_email_btn', 'nav_compose')) AS adopters,
                  (SELECT count(DISTINCT user_sub) FROM analytics_events WHERE customer_id = c.id AND surface = $1 AND occurred_at >= $2 AND occurred_at < $3
                     AND type = 'click' AND label = 'send_email_btn') AS senders,
                  (SELECT count(DISTINCT user_sub) FROM analytics_events WHERE customer_id = c.id AND surface = $1 AND occurred_at >= $2 AND occurred_at < $3
                     AND type = 'click' AND label = 'nav_compose') AS composers,
                  (SELECT count(*) FILTER (WHERE type = 'login_failure') || '/' || count(*) FROM analytics_events WHERE customer_id = c.id AND surface = $1
                     AND occurred_at >= $2 AND occurred_at < $3 AND type LIKE 'login%') AS logins,
                  (SELECT max(occurred_at) FROM analytics_events WHERE customer_id = c.id AND surface = $1 AND occurred_at >= $2 AND occurred_at < $3) AS last_seen
                FROM unnest($5::bigint[]) AS c(id) ORDER BY c.id""";
        Long[] ids = { NEW, DORMANT, DECLINING, GROWING, GROWING_FROM_NONE, STEADY };
        for (Row r : pool.preparedQuery(figures).execute(Tuple.of(SURFACE, start, end, previousStart, ids)).await().indefinitely()) {
            long active = r.getLong("active");
            long previous = r.getLong("previous");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("customer_id", (int) r.getLong("id").longValue());
            row.put("active_users", (int) active);
            row.put("active_users_previous", (int) previous);
            row.put("active_users_change_pct", previous == 0 ? null : (float) (Math.round((active - previous) * 1000.0 / previous) / 10.0));
            row.put("page_views", (int) r.getLong("views").longValue());
            row.put("sessions", (int) r.getLong("sessions").longValue());
            row.put("weekly_active_users", weekly(r.getLong("id"), NY));
            Map<String, Object> keys = new LinkedHashMap<>();
            keys.put("send_email_btn", (int) r.getLong("senders").longValue());
            keys.put("nav_compose", (int) r.getLong("composers").longValue());
            row.put("key_actions", keys);
            row.put("adoption_pct", active == 0 ? null : (float) (Math.round(r.getLong("adopters") * 1000.0 / active) / 10.0));
            String[] logins = r.getString("logins").split("/");
            long failures = Long.parseLong(logins[0]);
            long all = Long.parseLong(logins[1]);
            row.put("login_failure_rate", all == 0 ? null : (float) (Math.round(failures * 10000.0 / all) / 10000.0));
            OffsetDateTime last = r.getOffsetDateTime("last_seen");
            row.put("last_seen", last == null ? null : local(last));
            out.put(r.getLong("id"), row);
        }
        out.remove(null);
        // sort by change ascending, nulls last, then id
        List<Map.Entry<Long, Map<String, Object>>> entries = new ArrayList<>(out.entrySet());
        entries.sort((a, b) -> {
            Float x = (Float) a.getValue().get("active_users_change_pct");
            Float y = (Float) b.getValue().get("active_users_change_pct");
            if (x == null || y == null) {
                return x == null && y == null ? Long.compare(a.getKey(), b.getKey()) : x == null ? 1 : -1;
            }
            return x.equals(y) ? Long.compare(a.getKey(), b.getKey()) : Float.compare(x, y);
        });
        Map<Long, Map<String, Object>> sorted = new LinkedHashMap<>();
        entries.forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Distinct users per ISO week of the range (local to the zone), each week cut to the range. */
    List<Integer> weekly(long customer, ZoneId zone) {
        List<Integer> out = new ArrayList<>();
        for (LocalDate monday = LocalDate.of(2025, 4, 28); !monday.isAfter(TO); monday = monday.plusWeeks(1)) {
            LocalDate from = monday.isBefore(FROM) ? FROM : monday;
            LocalDate to = monday.plusDays(7).isAfter(TO.plusDays(1)) ? TO.plusDays(1) : monday.plusDays(7);
            out.add((int) sql("SELECT count(DISTINCT user_sub) FROM analytics_events WHERE customer_id = $1 AND surface = $2 AND occurred_at >= $3 AND occurred_at < $4",
                    customer, SURFACE, from.atStartOfDay(zone).toOffsetDateTime(), to.atStartOfDay(zone).toOffsetDateTime()));
        }
        return out;
    }

    long sql(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void everySortPagesByCursorWithoutGapsOrRepeats() {
        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
        for (String sort : List.of("change", "active_users", "page_views", "last_seen", "adoption")) {
            List<Object> whole = rows(accounts(Map.of("sort", sort, "limit", "500"))).stream().map(r -> r.get("customer_id")).toList();
            assertEquals(6, whole.size(), sort);
            List<Object> paged = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Map<String, Object> params = new HashMap<>(Map.of("sort", sort, "limit", "4"));
                if (cursor != null) {
                    params.put("cursor", cursor);
                }
                Response page = api().queryParams(params).when().get("/api/admin/analytics/accounts").then().statusCode(200).extract().response();
                rows(page.jsonPath().getMap("")).forEach(r -> paged.add(r.get("customer_id")));
                cursor = page.jsonPath().getString("next");
                assertEquals(cursor, page.header("X-Next-Cursor"), sort);
                pages++;
            } while (cursor != null);
            assertEquals(whole, paged, sort + ": pages of 4 = the whole list");
            assertEquals(2, pages, sort);
        }
        // descending orders with ties by id: page views 6,6,5... of the seeded customers
        List<Map<String, Object>> byViews = rows(accounts(Map.of("sort", "page_views", "limit", "500")));
        for (int i = 1; i < byViews.size(); i++) {
            int a = (Integer) byViews.get(i - 1).get("page_views");
            int b = (Integer) byViews.get(i).get("page_views");
            assertTrue(a > b || a == b && (Integer) byViews.get(i - 1).get("customer_id") < (Integer) byViews.get(i).get("customer_id"), "page_views order");
        }
        // the status filter: one or several
        assertEquals(List.of((int) DECLINING), ids(accounts(Map.of("status", "declining"))));
        assertEquals(List.of((int) DORMANT, (int) GROWING, (int) GROWING_FROM_NONE), ids(accounts(Map.of("status", "growing,dormant"))));
    }

    static List<Integer> ids(Map<String, Object> answer) {
        return rows(answer).stream().map(r -> (Integer) r.get("customer_id")).toList();
    }

    @Test
    void csvHoldsTheJsonRows() {
        Map<String, Object> json = accounts(Map.of("limit", "500"));
        String text = api().queryParam("limit", "500").accept("text/csv").when().get("/api/admin/analytics/accounts").then().statusCode(200).extract().asString();
        List<List<String>> csv = Csv.parse(text);
        assertEquals(List.of("customer_id", "status", "active_users", "active_users_previous", "active_users_change_pct", "page_views", "sessions",
                "adoption_pct", "login_failure_rate", "last_seen", "weekly_active_users", "key_action:send_email_btn", "key_action:nav_compose"), csv.get(0));
        assertEquals(rows(json).size(), csv.size() - 1);
        for (int i = 0; i < rows(json).size(); i++) {
            Map<String, Object> r = rows(json).get(i);
            List<String> line = csv.get(i + 1);
            assertEquals(String.valueOf(r.get("customer_id")), line.get(0));
            assertEquals(r.get("status"), line.get(1));
            assertEquals(String.valueOf(r.get("active_users")), line.get(2));
            assertEquals(r.get("active_users_change_pct") == null ? "" : String.valueOf(r.get("active_users_change_pct")), line.get(4));
            assertEquals(r.get("last_seen") == null ? "" : r.get("last_seen"), line.get(9));
            assertEquals(String.join(" ", ((List<?>) r.get("weekly_active_users")).stream().map(String::valueOf).toList()), line.get(10));
            assertEquals(String.valueOf(((Map<?, ?>) r.get("key_actions")).get("nav_compose")), line.get(12));
        }
    }

    @Test
    void usersOfAnAccountEqualTheRawEventsPageByPage() {
        OffsetDateTime start = FROM.atStartOfDay(NY).toOffsetDateTime();
        OffsetDateTime end = TO.plusDays(1).atStartOfDay(NY).toOffsetDateTime();
        List<List<Object>> expected = new ArrayList<>();
        for (Row r : pool.preparedQuery("""
                SELECT user_sub, min(occurred_at), max(occurred_at), count(DISTINCT session_id), count(*) FILTER (WHERE type = 'page_view'),
                  coalesce(string_agg(DISTINCT label, ' ' ORDER BY label) FILTER (WHERE type = 'click' AND label IN ('send_email_btn', 'nav_compose')), '')
                FROM analytics_events WHERE customer_id = $1 AND surface = $2 AND occurred_at >= $3 AND occurred_at < $4 AND user_sub IS NOT NULL
                GROUP BY user_sub ORDER BY max(occurred_at) DESC, user_sub""").execute(Tuple.of(GROWING, SURFACE, start, end)).await().indefinitely()) {
            expected.add(List.of(r.getString(0), local(r.getOffsetDateTime(1)), local(r.getOffsetDateTime(2)), (int) r.getLong(3).longValue(),
                    (int) r.getLong(4).longValue(), r.getString(5)));
        }
        assertEquals(5, expected.size(), "the growing customer's 5 users in the range");
        List<List<Object>> paged = new ArrayList<>();
        String cursor = null;
        do {
            var request = api().queryParam("limit", "2");
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/admin/analytics/accounts/" + GROWING + "/users").then().statusCode(200).extract().response();
            List<Map<String, Object>> rows = page.jsonPath().getList("rows");
            for (Map<String, Object> u : rows) {
                paged.add(List.of(u.get("user_sub"), u.get("first_seen"), u.get("last_seen"), u.get("sessions"), u.get("page_views"),
                        String.join(" ", ((List<?>) u.get("key_actions")).stream().map(String::valueOf).toList())));
            }
            cursor = page.jsonPath().getString("next");
            assertEquals(cursor, page.header("X-Next-Cursor"));
        } while (cursor != null);
        assertEquals(expected, paged);
        String csv = api().queryParam("limit", "500").accept("text/csv").when().get("/api/admin/analytics/accounts/" + GROWING + "/users").then()
                .statusCode(200).extract().asString();
        List<List<String>> lines = Csv.parse(csv);
        assertEquals(List.of("user_sub", "first_seen", "last_seen", "sessions", "page_views", "key_actions"), lines.get(0));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).stream().map(String::valueOf).toList(), lines.get(i + 1));
        }
    }

    static String local(OffsetDateTime t) {
        return t.atZoneSameInstant(NY).format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"));
    }

    @Test
    void badParametersAreNamedAndAccessIsGuardedAndAudited() {
        for (String[] bad : new String[][] { { "sort", "biggest" }, { "status", "steady,asleep" }, { "limit", "501" }, { "limit", "0" },
                { "cursor", "not-a-cursor" }, { "path_prefix", "/messages" } }) {
            api().queryParam(bad[0], bad[1]).when().get("/api/admin/analytics/accounts").then().statusCode(400).contentType("application/problem+json")
                    .body("field", org.hamcrest.Matchers.equalTo(bad[0]));
        }
        // a cursor of another sort is refused, not misread
        String next = accounts(Map.of("limit", "1")).get("next").toString();
        api().queryParam("sort", "page_views").queryParam("cursor", next).when().get("/api/admin/analytics/accounts").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo("cursor"));
        api().when().get("/api/admin/analytics/accounts/abc/users").then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("customer_id"));
        api().queryParam("cursor", "YXUxOnh5eg").when().get("/api/admin/analytics/accounts/1/users").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo("cursor"));
        for (String path : List.of("/api/admin/analytics/accounts", "/api/admin/analytics/accounts/" + NEW + "/users")) {
            given().when().get(path).then().statusCode(401);
            given().auth().oauth2(Tokens.withoutRole()).when().get(path).then().statusCode(403);
            long before = sql("SELECT count(*) FROM audit_log WHERE endpoint = $1 AND status = 200", path);
            api().when().get(path).then().statusCode(200);
            assertEquals(before + 1, sql("SELECT count(*) FROM audit_log WHERE endpoint = $1 AND status = 200", path), "audited: " + path);
            assertTrue(sql("SELECT count(*) FROM audit_log WHERE endpoint = $1 AND status = 403", path) > 0, "refusal audited: " + path);
        }
    }
}
