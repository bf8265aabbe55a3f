package com.paubox.tracking.dashboard.repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * Read-only aggregate queries. Whole UTC hours already rolled up (RollupRepository) are read from the hourly
 * rollup tables, the rest of the range from analytics_events; both feed the same aggregation, so answers are
 * exact. Distinct counts are hash aggregates (SELECT DISTINCT … then count), not sorts.
 */
@ApplicationScoped
public class AnalyticsRepository {

    /** The rolled part of a query's range: whole UTC hours in [from, to) read from the rollups. */
    record Cover(OffsetDateTime from, OffsetDateTime to) {
    }

    static final String ACTORS_ROLLUP = "hour AS t, customer_id, session_id, anon_id, user_sub, page_views, clicks, login_successes,"
            + " login_failures, visible_sum, visible_n, duration_sum, duration_n, last_seen";
    static final String ACTORS_RAW = "occurred_at AS t, customer_id, session_id, anon_id, user_sub, (type = 'page_view')::int AS page_views,"
            + " (type = 'click')::int AS clicks, (type = 'login_success')::int AS login_successes,"
            + " (type = 'login_failure')::int AS login_failures,"
            + " (CASE WHEN type = 'time_on_page' THEN visible_ms END)::bigint AS visible_sum,"
            + " (type = 'time_on_page' AND visible_ms IS NOT NULL)::int AS visible_n,"
            + " (CASE WHEN type = 'time_on_page' THEN duration_ms END)::bigint AS duration_sum,"
            + " (type = 'time_on_page' AND duration_ms IS NOT NULL)::int AS duration_n, occurred_at AS last_seen";
    static final String ALL_TYPES = "type IN ('page_view', 'time_on_page', 'click', 'login_success', 'login_failure')";
    static final String PAGES_ROLLUP = "page_path, user_sub, views, visible_sum, visible_n";
    static final String PAGES_RAW = "page_path, user_sub, (type = 'page_view')::int AS views,"
            + " (CASE WHEN type = 'time_on_page' THEN visible_ms END)::bigint AS visible_sum,"
            + " (type = 'time_on_page' AND visible_ms IS NOT NULL)::int AS visible_n";
    static final String CLICKS_ROLLUP = "label, element, page_path, user_sub, clicks";
    static final String CLICKS_RAW = "label, element, page_path, user_sub, 1 AS clicks";
    static final String LOGINS_COLS = "error_code, geo_country, geo_region, geo_city, browser, os, device_type";
    static final String LOGINS_ROLLUP = LOGINS_COLS + ", successes, failures";
    static final String LOGINS_RAW = LOGINS_COLS + ", (type = 'login_success')::int AS successes, (type = 'login_failure')::int AS failures";

    private final Pool pool;
    private final RollupRepository rollups;

    public AnalyticsRepository(Pool pool, RollupRepository rollups) {
        this.pool = pool;
        this.rollups = rollups;
    }

    /**
     * The rolled part of the range: [start rounded up to a UTC hour, min(end rounded down, rolled_until)), or
     * null (raw events only) when nothing is rolled yet, the caller cannot use rollups, or no whole hour fits.
     */
    private Uni<Cover> cover(AnalyticsQuery query, boolean usable) {
        if (!usable) {
            return Uni.createFrom().nullItem();
        }
        return rollups.rolledUntil().map(rolled -> cover(query.start(), query.end(), rolled));
    }

    static Cover cover(OffsetDateTime start, OffsetDateTime end, OffsetDateTime rolled) {
        if (rolled == null) {
            return null;
        }
        OffsetDateTime from = RollupRepository.floorHour(start);
        if (from.isBefore(start)) {
            from = from.plusHours(1);
        }
        OffsetDateTime to = RollupRepository.min(RollupRepository.floorHour(end), rolled);
        return from.isBefore(to) ? new Cover(from, to) : null;
    }

    /**
     * Rows of {@code rollupCols} from {@code table} for the covered hours, followed by the same columns computed
     * from each raw event ({@code rawCols}) for the rest of the range: before and after the covered hours (or
     * the whole range when nothing is covered). Must be called before anything else is bound after the dims.
     */
    private static String source(SqlFilter f, AnalyticsQuery query, Cover c, String table, String rollupCols, String rollupCond,
            String rawCols, String rawCond) {
        String d = f.where();
        String s = f.bind(query.start());
        String e = f.bind(query.end());
        // every type (the column's CHECK list): lets the short raw tail use the (type, occurred_at) index
        String types = rawCond != null && rawCond.startsWith("type") ? rawCond
                : ALL_TYPES + (rawCond == null ? "" : " AND " + rawCond);
        String raw = "SELECT " + rawCols + " FROM analytics_events WHERE " + d + " AND " + types;
        if (c == null) {
            return raw + " AND occurred_at >= " + s + " AND occurred_at < " + e;
        }
        String rf = f.bind(c.from());
        String rt = f.bind(c.to());
        return "SELECT " + rollupCols + " FROM " + table + " WHERE " + d + (rollupCond == null ? "" : " AND " + rollupCond)
                + " AND hour >= " + rf + " AND hour < " + rt
                + " UNION ALL " + raw + " AND occurred_at >= " + s + " AND occurred_at < " + rf
                + " UNION ALL " + raw + " AND occurred_at >= " + rt + " AND occurred_at < " + e;
    }

    private static String actors(SqlFilter f, AnalyticsQuery query, Cover c, String rollupCond, String rawCond) {
        return source(f, query, c, "analytics_rollup_actors", ACTORS_ROLLUP, rollupCond, ACTORS_RAW, rawCond);
    }

    public Uni<Overview> overview(AnalyticsQuery query) {
        return cover(query, query.pathPrefix() == null).flatMap(c -> {
            SqlFilter f = SqlFilter.dims(query);
            // one pass for the sums; each distinct count is a hash aggregate over the materialized rows
            String sql = "WITH s AS MATERIALIZED (" + actors(f, query, c, null, null) + ")"
                    + " SELECT coalesce(sum(page_views), 0) AS page_views,"
                    + " (SELECT count(*) FROM (SELECT DISTINCT user_sub FROM s WHERE user_sub IS NOT NULL) x) AS unique_users,"
                    + " (SELECT count(*) FROM (SELECT DISTINCT anon_id FROM s) x) AS unique_visitors,"
                    + " (SELECT count(*) FROM (SELECT DISTINCT session_id FROM s) x) AS sessions,"
                    + " round(sum(visible_sum)::numeric / nullif(sum(visible_n), 0))::bigint AS avg_visible_ms,"
                    + " round(sum(duration_sum)::numeric / nullif(sum(duration_n), 0))::bigint AS avg_duration_ms,"
                    + " coalesce(sum(clicks), 0) AS clicks,"
                    + " coalesce(sum(login_successes), 0) AS login_successes,"
                    + " coalesce(sum(login_failures), 0) AS login_failures"
                    + " FROM s";
            return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
                Row r = rows.iterator().next();
                return new Overview(r.getLong("page_views"), r.getLong("unique_users"), r.getLong("unique_visitors"),
                        r.getLong("sessions"), r.getLong("avg_visible_ms"), r.getLong("avg_duration_ms"), r.getLong("clicks"),
                        r.getLong("login_successes"), r.getLong("login_failures"));
            });
        });
    }

    /**
     * Values per bucket, keyed by bucket number (1 = the first threshold). The bucket starts are computed by
     * the caller in the requested zone, so PostgreSQL never interprets a zone name. Rollups are used only when
     * every bucket starts on a whole UTC hour (zones with whole-hour offsets).
     */
    public Uni<Long[]> timeseries(AnalyticsQuery query, Metric metric, OffsetDateTime[] bucketStarts) {
        boolean aligned = query.pathPrefix() == null && hourAligned(query.end());
        for (OffsetDateTime t : bucketStarts) {
            aligned &= hourAligned(t);
        }
        return cover(query, aligned).flatMap(c -> {
            SqlFilter f = SqlFilter.dims(query);
            String src;
            String value;
            String distinct = null;
            switch (metric) {
                case PAGE_VIEWS -> { value = "sum(page_views)"; src = actors(f, query, c, "page_views > 0", "type = 'page_view'"); }
                case CLICKS -> { value = "sum(clicks)"; src = actors(f, query, c, "clicks > 0", "type = 'click'"); }
                case LOGIN_SUCCESSES -> { value = "sum(login_successes)"; src = actors(f, query, c, "login_successes > 0", "type = 'login_success'"); }
                case LOGIN_FAILURES -> { value = "sum(login_failures)"; src = actors(f, query, c, "login_failures > 0", "type = 'login_failure'"); }
                case UNIQUE_USERS -> { value = null; distinct = "user_sub"; src = actors(f, query, c, "user_sub IS NOT NULL", "user_sub IS NOT NULL"); }
                case UNIQUE_VISITORS -> { value = null; distinct = "anon_id"; src = actors(f, query, c, null, null); }
                case AVG_VISIBLE_MS -> { value = "round(sum(visible_sum)::numeric / nullif(sum(visible_n), 0))::bigint";
                    src = actors(f, query, c, "visible_n > 0", "type = 'time_on_page'"); }
                case AVG_DURATION_MS -> { value = "round(sum(duration_sum)::numeric / nullif(sum(duration_n), 0))::bigint";
                    src = actors(f, query, c, "duration_n > 0", "type = 'time_on_page'"); }
                case SESSIONS -> { value = null; distinct = "session_id"; src = actors(f, query, c, null, null); }
                default -> throw new IllegalArgumentException(metric.name());
            }
            String buckets = f.bind(bucketStarts);
            String sql = distinct == null
                    ? "SELECT width_bucket(t, " + buckets + "::timestamptz[]) AS bucket, " + value + " AS value FROM (" + src + ") s GROUP BY 1"
                    : "SELECT bucket, count(*) AS value FROM (SELECT DISTINCT width_bucket(t, " + buckets + "::timestamptz[]) AS bucket, "
                            + distinct + " FROM (" + src + ") s) d GROUP BY 1";
            return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
                Long[] values = new Long[bucketStarts.length];
                if (!metric.isAverage()) {
                    Arrays.fill(values, 0L);
                }
                for (Row r : rows) {
                    int bucket = r.getInteger("bucket");
                    if (bucket >= 1 && bucket <= values.length) {
                        values[bucket - 1] = r.getLong("value");
                    }
                }
                return values;
            });
        });
    }

    static boolean hourAligned(OffsetDateTime t) {
        return t.getMinute() == 0 && t.getSecond() == 0 && t.getNano() == 0 && t.getOffset().getTotalSeconds() % 3600 == 0;
    }

    public Uni<PagesReport> pages(AnalyticsQuery query, int limit) {
        return cover(query, true).flatMap(c -> {
            SqlFilter f = SqlFilter.dims(query);
            String src = source(f, query, c, "analytics_rollup_pages", PAGES_ROLLUP, null, PAGES_RAW, "type IN ('page_view', 'time_on_page')");
            // totals per path first; distinct users (a hash aggregate) only for the paths that made the cut
            String sql = "WITH s AS MATERIALIZED (" + src + "),"
                    + " a AS (SELECT page_path, coalesce(sum(views), 0) AS views,"
                    + "   round(sum(visible_sum)::numeric / nullif(sum(visible_n), 0))::bigint AS avg_visible_ms"
                    + "   FROM s GROUP BY page_path ORDER BY views DESC, page_path COLLATE \"C\" LIMIT " + f.bind(limit) + "),"
                    + " u AS (SELECT page_path, count(*) AS n FROM (SELECT DISTINCT page_path, user_sub FROM s"
                    + "   WHERE views > 0 AND user_sub IS NOT NULL AND page_path IN (SELECT page_path FROM a)) d GROUP BY page_path)"
                    + " SELECT a.page_path, a.views, coalesce(u.n, 0) AS unique_users, a.avg_visible_ms"
                    + " FROM a LEFT JOIN u ON u.page_path = a.page_path ORDER BY a.views DESC, a.page_path COLLATE \"C\"";
            return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
                List<PagesReport.Row> out = new ArrayList<>();
                for (Row r : rows) {
                    out.add(new PagesReport.Row(r.getString("page_path"), r.getLong("views"), r.getLong("unique_users"),
                            r.getLong("avg_visible_ms")));
                }
                return new PagesReport(out);
            });
        });
    }

    public Uni<ClicksReport> clicks(AnalyticsQuery query, int limit) {
        return cover(query, true).flatMap(c -> {
            SqlFilter f = SqlFilter.dims(query);
            String src = source(f, query, c, "analytics_rollup_clicks", CLICKS_ROLLUP, null, CLICKS_RAW, "type = 'click'");
            String sql = "WITH c AS MATERIALIZED (" + src + "),"
                    + " per_label AS (SELECT label, sum(clicks) AS clicks FROM c GROUP BY label"
                    + "   ORDER BY clicks DESC, label COLLATE \"C\" LIMIT " + f.bind(limit) + "),"
                    // distinct users (a hash aggregate) only for the labels that made the cut
                    + " users AS (SELECT label, count(*) AS n FROM (SELECT DISTINCT label, user_sub FROM c"
                    + "   WHERE user_sub IS NOT NULL AND label IN (SELECT label FROM per_label)) d GROUP BY label),"
                    + " per_page AS (SELECT DISTINCT ON (label) label, page_path FROM c WHERE label IN (SELECT label FROM per_label)"
                    + "   GROUP BY label, page_path ORDER BY label, sum(clicks) DESC, page_path COLLATE \"C\"),"
                    + " per_element AS (SELECT DISTINCT ON (label) label, element FROM c WHERE label IN (SELECT label FROM per_label)"
                    + "   GROUP BY label, element ORDER BY label, sum(clicks) DESC, element COLLATE \"C\" NULLS LAST)"
                    + " SELECT l.label, el.element, l.clicks, coalesce(u.n, 0) AS unique_users, p.page_path AS top_page_path"
                    + " FROM per_label l JOIN per_page p ON p.label = l.label JOIN per_element el ON el.label = l.label"
                    + " LEFT JOIN users u ON u.label = l.label"
                    + " ORDER BY l.clicks DESC, l.label COLLATE \"C\"";
            return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
                List<ClicksReport.Row> out = new ArrayList<>();
                for (Row r : rows) {
                    out.add(new ClicksReport.Row(r.getString("label"), r.getString("element"), r.getLong("clicks"), r.getLong("unique_users"),
                            r.getString("top_page_path")));
                }
                return new ClicksReport(out);
            });
        });
    }

    public Uni<SessionsReport> sessions(AnalyticsQuery query) {
        return cover(query, query.pathPrefix() == null).flatMap(c -> {
            SqlFilter f = SqlFilter.dims(query);
            String sql = "WITH e AS MATERIALIZED (SELECT session_id, user_sub FROM (" + actors(f, query, c, null, null) + ") s),"
                    + " per_user AS (SELECT user_sub, count(*) AS n FROM (SELECT DISTINCT user_sub, session_id FROM e WHERE user_sub IS NOT NULL) d"
                    + "   GROUP BY user_sub)"
                    + " SELECT 0 AS kind, (SELECT count(*) FROM (SELECT DISTINCT session_id FROM e) d) AS a, (SELECT count(*) FROM per_user) AS b"
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
        });
    }

    public Uni<LoginsReport> logins(AnalyticsQuery query) {
        return cover(query, query.pathPrefix() == null).flatMap(c -> {
            SqlFilter f = SqlFilter.dims(query);
            String src = source(f, query, c, "analytics_rollup_logins", LOGINS_ROLLUP, null, LOGINS_RAW,
                    "type IN ('login_success', 'login_failure')");
            // One pass, one grouping set per breakdown; dim names which set a row belongs to.
            String sql = "SELECT * FROM (SELECT CASE WHEN GROUPING(error_code) = 0 THEN 'code'"
                    + "  WHEN GROUPING(geo_country) = 0 THEN 'country' WHEN GROUPING(geo_region) = 0 THEN 'region'"
                    + "  WHEN GROUPING(geo_city) = 0 THEN 'city' WHEN GROUPING(browser) = 0 THEN 'browser'"
                    + "  WHEN GROUPING(os) = 0 THEN 'os' WHEN GROUPING(device_type) = 0 THEN 'device' ELSE 'total' END AS dim,"
                    + " COALESCE(CASE WHEN GROUPING(error_code) = 0 THEN error_code END,"
                    + "  CASE WHEN GROUPING(geo_country) = 0 THEN geo_country END, CASE WHEN GROUPING(geo_region) = 0 THEN geo_region END,"
                    + "  CASE WHEN GROUPING(geo_city) = 0 THEN geo_city END, CASE WHEN GROUPING(browser) = 0 THEN browser END,"
                    + "  CASE WHEN GROUPING(os) = 0 THEN os END, CASE WHEN GROUPING(device_type) = 0 THEN device_type END) AS key,"
                    + " coalesce(sum(successes), 0) AS successes,"
                    + " coalesce(sum(failures), 0) AS failures"
                    + " FROM (" + src + ") s"
                    + " GROUP BY GROUPING SETS ((), (error_code), (geo_country), (geo_region), (geo_city), (browser), (os), (device_type))) g"
                    + " ORDER BY dim, successes + failures DESC, key COLLATE \"C\" NULLS LAST";
            return pool.preparedQuery(sql).execute(f.tuple()).map(AnalyticsRepository::loginsReport);
        });
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
        ZoneId zone = query.zone();
        return cover(query, query.pathPrefix() == null).flatMap(c -> {
            SqlFilter f = SqlFilter.dims(query).and("customer_id IS NOT NULL");
            String sql = "WITH s AS MATERIALIZED (" + actors(f, query, c, null, null) + "),"
                    + " a AS (SELECT customer_id, sum(page_views) AS page_views, max(last_seen) AS last_seen FROM s GROUP BY customer_id),"
                    + " u AS (SELECT customer_id, count(*) AS n FROM (SELECT DISTINCT customer_id, user_sub FROM s WHERE user_sub IS NOT NULL) d"
                    + "   GROUP BY customer_id),"
                    + " x AS (SELECT customer_id, count(*) AS n FROM (SELECT DISTINCT customer_id, session_id FROM s) d GROUP BY customer_id)"
                    + " SELECT a.customer_id, a.page_views, coalesce(u.n, 0) AS unique_users, coalesce(x.n, 0) AS sessions, a.last_seen"
                    + " FROM a LEFT JOIN u ON u.customer_id = a.customer_id LEFT JOIN x ON x.customer_id = a.customer_id"
                    + " ORDER BY a.page_views DESC, a.customer_id LIMIT " + f.bind(limit);
            return pool.preparedQuery(sql).execute(f.tuple()).map(rows -> {
                List<CustomersReport.Row> out = new ArrayList<>();
                for (Row r : rows) {
                    out.add(new CustomersReport.Row(r.getLong("customer_id"), r.getLong("page_views"), r.getLong("unique_users"),
                            r.getLong("sessions"), TimeFormat.format(r.getOffsetDateTime("last_seen"), zone)));
                }
                return new CustomersReport(out);
            });
        });
    }
}
