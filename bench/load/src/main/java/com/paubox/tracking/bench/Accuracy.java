package com.paubox.tracking.bench;

import java.net.http.HttpClient;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Phase 4 (accuracy): every distinct figure the dashboard answers for the latency cases (overview users, visitors
 * and sessions; unique users per hour; unique users of the listed pages and labels; users and sessions of the listed
 * customers) against an exact count(DISTINCT) over the raw events. Per case: how many figures, the relative error at
 * p50 / p95 / max, how many exact counts below 384 (where the sketch holds every value) were not answered exactly,
 * and how many exact counts fell outside the answer's stated 95 % bounds.
 */
final class Accuracy {

    private Accuracy() {
    }

    /** A variant of the latency cases: its query string and the same filter as SQL over analytics_events. */
    record Variant(String name, String query, String zone, Long customer, String surface, String prefix) {
    }

    static void run(Args args) throws Exception {
        String base = args.required("url") + "/api/admin/analytics";
        String db = args.required("db");
        String out = args.required("out");
        String customer = args.str("customer", "1");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = DashboardBench.get(http, args.required("token-url"), null).body().trim();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = today.minusDays(29);
        String range = "from=" + from + "&to=" + today;
        List<Variant> variants = List.of(new Variant("30 d, no filter", range, "UTC", null, null, null),
                new Variant("30 d, customer_id", range + "&customer_id=" + customer, "UTC", Long.parseLong(customer), null, null),
                new Variant("30 d, surface + path_prefix + tz", range + "&surface=dashboard&path_prefix=/messages&tz=America/New_York",
                        "America/New_York", null, "dashboard", "/messages"));
        try (Connection c = Db.connect(db)) {
            try (var s = c.createStatement()) {
                s.execute("SET statement_timeout = 0");
                s.execute("SET work_mem = '256MB'");
            }
            for (Variant v : variants) {
                ZoneId zone = ZoneId.of(v.zone());
                OffsetDateTime start = from.atStartOfDay(zone).toOffsetDateTime();
                OffsetDateTime end = today.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
                Filter f = new Filter(start, end, v);
                measure(out, v, "overview", figures(json(http, base + "/overview?" + v.query(), token), f, c));
                measure(out, v, "timeseries unique_users/hour",
                        hourly(json(http, base + "/timeseries?metric=unique_users&interval=hour&" + v.query(), token), f, c));
                measure(out, v, "pages", rows(json(http, base + "/pages?" + v.query(), token), "page_path", "page_path",
                        new String[] { "unique_users" }, new String[] { "count(DISTINCT user_sub) FILTER (WHERE type = 'page_view')" }, f, c, "text"));
                JsonNode clicks = json(http, base + "/clicks?" + v.query(), token);
                measure(out, v, "clicks", rows(clicks, "label", "label",
                        new String[] { "unique_users" }, new String[] { "count(DISTINCT user_sub) FILTER (WHERE type = 'click')" }, f, c, "text"));
                topPages(out, v, clicks, f, c);
                measure(out, v, "customers", rows(json(http, base + "/customers?" + v.query(), token), "customer_id", "customer_id",
                        new String[] { "unique_users", "sessions" }, new String[] { "count(DISTINCT user_sub)", "count(DISTINCT session_id)" }, f, c,
                        "bigint"));
            }
        }
    }

    /** The WHERE clause of a variant (its values bound in order by bind()). */
    record Filter(OffsetDateTime start, OffsetDateTime end, Variant v) {
        String where() {
            return "occurred_at >= ? AND occurred_at < ?" + (v.customer() == null ? "" : " AND customer_id = ?")
                    + (v.surface() == null ? "" : " AND surface = ?") + (v.prefix() == null ? "" : " AND page_path LIKE ?");
        }

        int bind(PreparedStatement ps) throws Exception {
            int i = 1;
            ps.setObject(i++, start);
            ps.setObject(i++, end);
            if (v.customer() != null) {
                ps.setLong(i++, v.customer());
            }
            if (v.surface() != null) {
                ps.setString(i++, v.surface());
            }
            if (v.prefix() != null) {
                ps.setString(i++, v.prefix() + "%");
            }
            return i;
        }
    }

    /** One answered figure: its value, its exact count and the answer's stated bounds. */
    record Figure(long answered, long exact, long lower, long upper) {
    }

    static JsonNode json(HttpClient http, String url, String token) throws Exception {
        var resp = DashboardBench.get(http, url, token);
        if (resp.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + resp.statusCode());
        }
        return Results.JSON.readTree(resp.body());
    }

    static Figure figure(JsonNode node, String field, long exact) {
        long value = node.path(field).asLong();
        JsonNode e = node.path("estimates").path(field);
        return new Figure(value, exact, e.path("lower").asLong(value), e.path("upper").asLong(value));
    }

    static List<Figure> figures(JsonNode overview, Filter f, Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT user_sub), count(DISTINCT anon_id), count(DISTINCT session_id)"
                + " FROM analytics_events WHERE " + f.where())) {
            f.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return List.of(figure(overview, "unique_users", rs.getLong(1)), figure(overview, "unique_visitors", rs.getLong(2)),
                        figure(overview, "sessions", rs.getLong(3)));
            }
        }
    }

    static List<Figure> hourly(JsonNode series, Filter f, Connection c) throws Exception {
        Map<Instant, Long> exact = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT date_trunc('hour', occurred_at, 'UTC'), count(DISTINCT user_sub)"
                + " FROM analytics_events WHERE " + f.where() + " GROUP BY 1")) {
            f.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    exact.put(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2));
                }
            }
        }
        List<Figure> out = new ArrayList<>();
        for (JsonNode p : series.path("points")) {
            Instant t = OffsetDateTime.parse(p.path("t").asText()).toInstant();
            JsonNode e = p.path("estimates").path("value");
            long value = p.path("value").asLong();
            out.add(new Figure(value, exact.getOrDefault(t, 0L), e.path("lower").asLong(value), e.path("upper").asLong(value)));
        }
        return out;
    }

    static List<Figure> rows(JsonNode report, String keyField, String keyColumn, String[] fields, String[] exactSql, Filter f, Connection c,
            String keyType) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        report.path("rows").forEach(rows::add);
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, long[]> exact = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + keyColumn + "::text, " + String.join(", ", exactSql) + " FROM analytics_events WHERE "
                + f.where() + " AND " + keyColumn + " = ANY(?) GROUP BY 1")) {
            int i = f.bind(ps);
            Object[] keys = rows.stream().map(r -> keyType.equals("bigint") ? (Object) r.path(keyField).asLong() : r.path(keyField).asText()).toArray();
            Array arr = c.createArrayOf(keyType, keys);
            ps.setArray(i, arr);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] v = new long[fields.length];
                    for (int k = 0; k < fields.length; k++) {
                        v[k] = rs.getLong(2 + k);
                    }
                    exact.put(rs.getString(1), v);
                }
            }
        }
        List<Figure> out = new ArrayList<>();
        for (JsonNode r : rows) {
            long[] v = exact.getOrDefault(r.path(keyField).asText(), new long[fields.length]);
            for (int k = 0; k < fields.length; k++) {
                out.add(figure(r, fields[k], v[k]));
            }
        }
        return out;
    }

    /**
     * /clicks' top_page_path of each listed label against the exact one (most clicks, ties: alphabetically first);
     * without a path prefix it comes from frequent-items sketches. Also records how far apart the two pages' exact
     * counts are when they differ.
     */
    static void topPages(String out, Variant v, JsonNode report, Filter f, Connection c) throws Exception {
        Map<String, String> exactTop = new HashMap<>();
        Map<String, Map<String, Long>> counts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(label, ''), page_path, count(*) FROM analytics_events WHERE " + f.where()
                + " AND type = 'click' GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2")) {
            f.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    exactTop.putIfAbsent(rs.getString(1), rs.getString(2));
                    counts.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
                }
            }
        }
        int labels = 0;
        int agree = 0;
        double worstShortfall = 0;
        for (JsonNode r : report.path("rows")) {
            String label = r.path("label").isNull() ? "" : r.path("label").asText();
            String top = exactTop.get(label);
            labels++;
            if (top != null && top.equals(r.path("top_page_path").asText())) {
                agree++;
            } else if (top != null) {
                Map<String, Long> n = counts.get(label);
                long best = n.get(top);
                long given = n.getOrDefault(r.path("top_page_path").asText(), 0L);
                worstShortfall = Math.max(worstShortfall, (best - given) / (double) best);
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("phase", "accuracy-top-page");
        r.put("variant", v.name());
        r.put("labels", labels);
        r.put("top_page_exact", agree);
        r.put("worst_shortfall_pct", DbLimit.round(worstShortfall * 100, 2));
        Results.append(out, r);
        System.out.println("accuracy clicks top_page_path / " + v.name() + ": " + r);
    }

    static void measure(String out, Variant v, String endpoint, List<Figure> figures) throws Exception {
        List<Double> errors = new ArrayList<>();
        int smallNotExact = 0;
        int small = 0;
        int outside = 0;
        for (Figure fg : figures) {
            double err = fg.exact() == 0 ? (fg.answered() == 0 ? 0 : 1) : Math.abs(fg.answered() - fg.exact()) / (double) fg.exact();
            errors.add(err);
            if (fg.exact() < 384) {
                small++;
                if (fg.answered() != fg.exact()) {
                    smallNotExact++;
                }
            }
            if (fg.exact() < fg.lower() || fg.exact() > fg.upper()) {
                outside++;
            }
        }
        Collections.sort(errors);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("phase", "accuracy");
        r.put("endpoint", endpoint);
        r.put("variant", v.name());
        r.put("figures", figures.size());
        r.put("p50_rel_error_pct", pct(errors, 0.50));
        r.put("p95_rel_error_pct", pct(errors, 0.95));
        r.put("max_rel_error_pct", errors.isEmpty() ? 0 : DbLimit.round(errors.get(errors.size() - 1) * 100, 2));
        r.put("below_384", small);
        r.put("below_384_not_exact", smallNotExact);
        r.put("outside_95_bounds", outside);
        Results.append(out, r);
        System.out.println("accuracy " + endpoint + " / " + v.name() + ": " + r);
    }

    static double pct(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return DbLimit.round(sorted.get(Math.max(0, i)) * 100, 2);
    }
}
