package com.paubox.tracking.dashboard.repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.paubox.tracking.dashboard.model.ClicksReport;
import com.paubox.tracking.dashboard.model.CustomersReport;
import com.paubox.tracking.dashboard.model.LoginsReport;
import com.paubox.tracking.dashboard.model.LoginsReport.Breakdown;
import com.paubox.tracking.dashboard.model.LoginsReport.CodeCount;
import com.paubox.tracking.dashboard.model.Overview;
import com.paubox.tracking.dashboard.model.PagesReport;
import com.paubox.tracking.dashboard.model.SessionsReport;
import com.paubox.tracking.dashboard.service.AnalyticsQuery;
import com.paubox.tracking.dashboard.service.Metric;
import com.paubox.tracking.dashboard.service.TimeFormat;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;

/** Read-only aggregate queries over analytics_events. Every query is bounded by the time range first. */
@ApplicationScoped
public class AnalyticsRepository {

    private final Pool pool;

    public AnalyticsRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Overview> overview(AnalyticsQuery query) {
        SqlFilter f = SqlFilter.of(query);
        String sql = "SELECT count(*) FILTER (WHERE type = 'page_view') AS page_views,"
                + " count(DISTINCT user_sub) AS unique_users,"
                + " count(DISTINCT anon_id) AS unique_visitors,"
                + " count(DISTINCT session_id) AS sessions,"
                + " round(avg(visible_ms) FILTER (WHERE type = 'time_on_page'))::bigint AS avg_visible_ms,"
                + " round(avg(duration_ms) FILTER (WHERE type = 'time_on_page'))::bigint AS avg_duration_ms,"
                + " count(*) FILTER (WHERE type = 'click') AS clicks,"
                + " count(*) FILTER (WHERE type = 'login_success') AS login_successes,"
                + " count(*) FILTER (WHERE type = 'login_failure') AS login_failures"
                + " FROM analytics_events WHERE " + f.where();
        return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
            Row r = rows.iterator().next();
            return new Overview(r.getLong("page_views"), r.getLong("unique_users"), r.getLong("unique_visitors"),
                    r.getLong("sessions"), r.getLong("avg_visible_ms"), r.getLong("avg_duration_ms"), r.getLong("clicks"),
                    r.getLong("login_successes"), r.getLong("login_failures"));
        });
    }

    /**
     * Values per bucket, keyed by bucket number (1 = the first threshold). The bucket starts are computed by
     * the caller in the requested zone, so PostgreSQL never interprets a zone name.
     */
    public Uni<long[]> timeseries(AnalyticsQuery query, Metric metric, OffsetDateTime[] bucketStarts) {
        SqlFilter f = SqlFilter.of(query);
        String value;
        switch (metric) {
            case PAGE_VIEWS -> { value = "count(*)"; f.and("type = 'page_view'"); }
            case CLICKS -> { value = "count(*)"; f.and("type = 'click'"); }
            case LOGIN_SUCCESSES -> { value = "count(*)"; f.and("type = 'login_success'"); }
            case LOGIN_FAILURES -> { value = "count(*)"; f.and("type = 'login_failure'"); }
            case UNIQUE_USERS -> value = "count(DISTINCT user_sub)";
            case SESSIONS -> value = "count(DISTINCT session_id)";
            default -> throw new IllegalArgumentException(metric.name());
        }
        String buckets = f.bind(bucketStarts);
        String sql = "SELECT width_bucket(occurred_at, " + buckets + "::timestamptz[]) AS bucket, " + value + " AS value"
                + " FROM analytics_events WHERE " + f.where() + " GROUP BY 1";
        return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
            long[] values = new long[bucketStarts.length];
            for (Row r : rows) {
                int bucket = r.getInteger("bucket");
                if (bucket >= 1 && bucket <= values.length) {
                    values[bucket - 1] = r.getLong("value");
                }
            }
            return values;
        });
    }

    public Uni<PagesReport> pages(AnalyticsQuery query, int limit) {
        SqlFilter f = SqlFilter.of(query).and("type IN ('page_view', 'time_on_page')");
        String sql = "SELECT page_path,"
                + " count(*) FILTER (WHERE type = 'page_view') AS views,"
                + " count(DISTINCT user_sub) FILTER (WHERE type = 'page_view') AS unique_users,"
                + " round(avg(visible_ms) FILTER (WHERE type = 'time_on_page'))::bigint AS avg_visible_ms"
                + " FROM analytics_events WHERE " + f.where()
                + " GROUP BY page_path ORDER BY views DESC, page_path COLLATE \"C\" LIMIT " + f.bind(limit);
        return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
            List<PagesReport.Row> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new PagesReport.Row(r.getString("page_path"), r.getLong("views"), r.getLong("unique_users"),
                        r.getLong("avg_visible_ms")));
            }
            return new PagesReport(out);
        });
    }

    public Uni<ClicksReport> clicks(AnalyticsQuery query, int limit) {
        SqlFilter f = SqlFilter.of(query).and("type = 'click'");
        String sql = "WITH c AS (SELECT label, page_path, user_sub FROM analytics_events WHERE " + f.where() + "),"
                + " per_label AS (SELECT label, count(*) AS clicks, count(DISTINCT user_sub) AS unique_users FROM c GROUP BY label"
                + "   ORDER BY clicks DESC, label COLLATE \"C\" LIMIT " + f.bind(limit) + "),"
                + " per_page AS (SELECT DISTINCT ON (label) label, page_path FROM c WHERE label IN (SELECT label FROM per_label)"
                + "   GROUP BY label, page_path ORDER BY label, count(*) DESC, page_path COLLATE \"C\")"
                + " SELECT l.label, l.clicks, l.unique_users, p.page_path AS top_page_path"
                + " FROM per_label l JOIN per_page p ON p.label = l.label ORDER BY l.clicks DESC, l.label COLLATE \"C\"";
        return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
            List<ClicksReport.Row> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new ClicksReport.Row(r.getString("label"), r.getLong("clicks"), r.getLong("unique_users"),
                        r.getString("top_page_path")));
            }
            return new ClicksReport(out);
        });
    }

    public Uni<SessionsReport> sessions(AnalyticsQuery query) {
        SqlFilter f = SqlFilter.of(query);
        String sql = "WITH e AS (SELECT session_id, user_sub FROM analytics_events WHERE " + f.where() + "),"
                + " per_user AS (SELECT user_sub, count(DISTINCT session_id) AS n FROM e WHERE user_sub IS NOT NULL GROUP BY user_sub)"
                + " SELECT 0 AS kind, (SELECT count(DISTINCT session_id) FROM e) AS a, (SELECT count(*) FROM per_user) AS b"
                + " UNION ALL SELECT 1, n, count(*) FROM per_user GROUP BY n ORDER BY 1, 2";
        return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
            long sessions = 0;
            long users = 0;
            long userSessions = 0;
            List<SessionsReport.Bucket> distribution = new ArrayList<>();
            for (Row r : rows) {
                if (r.getInteger("kind") == 0) {
                    sessions = r.getLong("a");
                    users = r.getLong("b");
                } else {
                    distribution.add(new SessionsReport.Bucket(r.getLong("a"), r.getLong("b")));
                    userSessions += r.getLong("a") * r.getLong("b");
                }
            }
            double avg = users == 0 ? 0.0
                    : BigDecimal.valueOf(userSessions).divide(BigDecimal.valueOf(users), 2, RoundingMode.HALF_UP).doubleValue();
            return new SessionsReport(sessions, users, avg, distribution);
        });
    }

    public Uni<LoginsReport> logins(AnalyticsQuery query) {
        SqlFilter f = SqlFilter.of(query).and("type IN ('login_success', 'login_failure')");
        // One scan, one grouping set per breakdown; dim names which set a row belongs to.
        String sql = "SELECT * FROM (SELECT CASE WHEN GROUPING(error_code) = 0 THEN 'code'"
                + "  WHEN GROUPING(geo_country) = 0 THEN 'country' WHEN GROUPING(geo_region) = 0 THEN 'region'"
                + "  WHEN GROUPING(geo_city) = 0 THEN 'city' WHEN GROUPING(browser) = 0 THEN 'browser'"
                + "  WHEN GROUPING(os) = 0 THEN 'os' WHEN GROUPING(device_type) = 0 THEN 'device' ELSE 'total' END AS dim,"
                + " COALESCE(CASE WHEN GROUPING(error_code) = 0 THEN error_code END,"
                + "  CASE WHEN GROUPING(geo_country) = 0 THEN geo_country END, CASE WHEN GROUPING(geo_region) = 0 THEN geo_region END,"
                + "  CASE WHEN GROUPING(geo_city) = 0 THEN geo_city END, CASE WHEN GROUPING(browser) = 0 THEN browser END,"
                + "  CASE WHEN GROUPING(os) = 0 THEN os END, CASE WHEN GROUPING(device_type) = 0 THEN device_type END) AS key,"
                + " count(*) FILTER (WHERE type = 'login_success') AS successes,"
                + " count(*) FILTER (WHERE type = 'login_failure') AS failures"
                + " FROM analytics_events WHERE " + f.where()
                + " GROUP BY GROUPING SETS ((), (error_code), (geo_country), (geo_region), (geo_city), (browser), (os), (device_type))) g"
                + " ORDER BY dim, successes + failures DESC, key COLLATE \"C\" NULLS LAST";
        return pool.preparedQuery(sql).execute(f.tuple()).map(AnalyticsRepository::loginsReport);
    }

    private static LoginsReport loginsReport(RowSet<Row> rows) {
        long successes = 0;
        long failures = 0;
        List<CodeCount> codes = new ArrayList<>();
        List<Breakdown> country = new ArrayList<>();
        List<Breakdown> region = new ArrayList<>();
        List<Breakdown> city = new ArrayList<>();
        List<Breakdown> browser = new ArrayList<>();
        List<Breakdown> os = new ArrayList<>();
        List<Breakdown> device = new ArrayList<>();
        for (Row r : rows) {
            String key = r.getString("key");
            long s = r.getLong("successes");
            long fl = r.getLong("failures");
            Breakdown b = new Breakdown(key, s, fl);
            switch (r.getString("dim")) {
                case "total" -> { successes = s; failures = fl; }
                case "code" -> { if (key != null) { codes.add(new CodeCount(key, fl)); } }
                case "country" -> country.add(b);
                case "region" -> region.add(b);
                case "city" -> city.add(b);
                case "browser" -> browser.add(b);
                case "os" -> os.add(b);
                case "device" -> device.add(b);
                default -> { }
            }
        }
        codes.sort((a, b) -> a.failures() != b.failures() ? Long.compare(b.failures(), a.failures()) : a.errorCode().compareTo(b.errorCode()));
        Double rate = successes + failures == 0 ? null
                : BigDecimal.valueOf(failures).divide(BigDecimal.valueOf(successes + failures), 4, RoundingMode.HALF_UP).doubleValue();
        return new LoginsReport(successes, failures, rate, codes, country, region, city, browser, os, device);
    }

    public Uni<CustomersReport> customers(AnalyticsQuery query, int limit) {
        SqlFilter f = SqlFilter.of(query).and("customer_id IS NOT NULL");
        String sql = "SELECT customer_id,"
                + " count(*) FILTER (WHERE type = 'page_view') AS page_views,"
                + " count(DISTINCT user_sub) AS unique_users,"
                + " count(DISTINCT session_id) AS sessions,"
                + " max(occurred_at) AS last_seen"
                + " FROM analytics_events WHERE " + f.where()
                + " GROUP BY customer_id ORDER BY page_views DESC, customer_id LIMIT " + f.bind(limit);
        ZoneId zone = query.zone();
        return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
            List<CustomersReport.Row> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new CustomersReport.Row(r.getLong("customer_id"), r.getLong("page_views"), r.getLong("unique_users"),
                        r.getLong("sessions"), TimeFormat.format(r.getOffsetDateTime("last_seen"), zone)));
            }
            return new CustomersReport(out);
        });
    }
}
