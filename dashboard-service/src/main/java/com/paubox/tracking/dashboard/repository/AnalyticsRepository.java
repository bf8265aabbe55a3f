package com.paubox.tracking.dashboard.repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import com.paubox.tracking.dashboard.model.ClicksReport;
import com.paubox.tracking.dashboard.model.CustomersReport;
import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.model.LoginsReport;
import com.paubox.tracking.dashboard.model.LoginsReport.Breakdown;
import com.paubox.tracking.dashboard.model.LoginsReport.CodeCount;
import com.paubox.tracking.dashboard.model.Overview;
import com.paubox.tracking.dashboard.model.PagesReport;
import com.paubox.tracking.dashboard.model.SessionsReport;
import com.paubox.tracking.dashboard.repository.RollupQuery.Acc;
import com.paubox.tracking.dashboard.repository.RollupQuery.Distinct;
import com.paubox.tracking.dashboard.repository.RollupQuery.Measure;
import com.paubox.tracking.dashboard.repository.RollupQuery.Plan;
import com.paubox.tracking.dashboard.repository.RollupQuery.Top;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.Items;
import com.paubox.tracking.dashboard.rollup.Section;
import com.paubox.tracking.dashboard.rollup.Watermark;
import com.paubox.tracking.dashboard.service.AnalyticsQuery;
import com.paubox.tracking.dashboard.service.Metric;
import com.paubox.tracking.dashboard.service.TimeFormat;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Read-only aggregate queries over the rollup cubes (V31/V32) and the raw events they do not cover yet
 * ({@link RollupQuery}). Additive figures are exact; distinct users, visitors and sessions come from HLL sketches and
 * carry an {@link Estimate} (exact while a sketch holds every value). Lists rank by an additive figure first and fetch
 * sketches only for the rows they show.
 */
@ApplicationScoped
public class AnalyticsRepository {

    static final String TOTALS = "analytics_rollup_totals";
    static final String PATHS = "analytics_rollup_paths";
    static final String SECTIONS = "analytics_rollup_sections";
    static final String LABELS = "analytics_rollup_labels";
    static final String LABEL_PATHS = "analytics_rollup_label_paths";
    static final String LABEL_SECTIONS = "analytics_rollup_label_sections";
    static final String CUSTOMER_SECTIONS = "analytics_rollup_customer_sections";
    static final String OUTCOMES = "analytics_rollup_outcomes";

    static final String USER_HASH = "hashtextextended(user_sub, 0)";
    static final Distinct USERS = new Distinct("users", "users", USER_HASH, "user_sub IS NOT NULL");
    static final Distinct VISITORS = new Distinct("visitors", "visitors", "uuid_hash_extended(anon_id, 0)", "true");
    static final Distinct SESSIONS = new Distinct("sessions", "sessions", "uuid_hash_extended(session_id, 0)", "true");

    static final List<Measure> TOTAL_MEASURES = List.of(
            Measure.sum("page_views", "page_views", "count(*) FILTER (WHERE type = 'page_view')"),
            Measure.sum("clicks", "clicks", "count(*) FILTER (WHERE type = 'click')"),
            Measure.sum("login_successes", "login_successes", "count(*) FILTER (WHERE type = 'login_success')"),
            Measure.sum("login_failures", "login_failures", "count(*) FILTER (WHERE type = 'login_failure')"),
            Measure.sum("visible_sum", "visible_sum", "sum(visible_ms) FILTER (WHERE type = 'time_on_page')"),
            Measure.sum("visible_n", "visible_n", "count(visible_ms) FILTER (WHERE type = 'time_on_page')"),
            Measure.sum("duration_sum", "duration_sum", "sum(duration_ms) FILTER (WHERE type = 'time_on_page')"),
            Measure.sum("duration_n", "duration_n", "count(duration_ms) FILTER (WHERE type = 'time_on_page')"));
    static final Measure LAST_SEEN = new Measure("last_seen", "extract(epoch FROM last_seen) * 1000000",
            "max(extract(epoch FROM occurred_at) * 1000000)", true);

    private final Pool pool;
    private final RollupRepository rollups;

    public AnalyticsRepository(Pool pool, RollupRepository rollups) {
        this.pool = pool;
        this.rollups = rollups;
    }

    /**
     * The cube that answers totals for the query's filters: per customer (or all customers) without a path prefix,
     * per section with a prefix sections answer ({@link Section}) and no customer, else per path; null when only raw
     * events can (a customer and a prefix together).
     */
    private static String totalsCube(AnalyticsQuery q, SqlFilter f) {
        StringBuilder where = new StringBuilder();
        String table;
        if (q.pathPrefix() == null) {
            table = TOTALS;
            where.append("customer_id = ").append(q.customerId() == null ? "0" : f.bind(q.customerId())).append(surface(q, f));
        } else if (q.customerId() == null) {
            boolean bySection = Section.answers(q.pathPrefix());
            table = bySection ? SECTIONS : PATHS;
            where.append(f.startsWith(bySection ? "section" : "page_path", q.pathPrefix())).append(surface(q, f));
        } else {
            return null;
        }
        return table + "|" + where;
    }

    /** The raw-event WHERE of the query's dimension filters, bound into {@code f}. */
    private static String rawWhere(AnalyticsQuery q, SqlFilter f) {
        StringBuilder where = new StringBuilder("true");
        if (q.customerId() != null) {
            where.append(" AND customer_id = ").append(f.bind(q.customerId()));
        }
        if (q.surface() != null) {
            where.append(" AND surface = ").append(f.bind(q.surface()));
        }
        if (q.pathPrefix() != null) {
            where.append(" AND page_path LIKE ").append(f.bind(SqlFilter.likePrefix(q.pathPrefix())));
        }
        return where.toString();
    }

    /**
     * Runs one answer's statements in one REPEATABLE READ, READ ONLY transaction: every statement sees the same rollup
     * state (watermark and cube rows), so a window committing meanwhile can neither count events twice nor drop them.
     * Its statements may be issued concurrently: the connection runs them one after the other.
     */
    private <T> Uni<T> snapshot(java.util.function.Function<SqlClient, Uni<T>> answer) {
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                .flatMap(x -> answer.apply(conn)));
    }

    private Uni<Plan> plan(SqlClient db, AnalyticsQuery q, boolean cube, boolean days) {
        if (!cube) {
            return Uni.createFrom().item(Plan.raw(q.start(), q.end()));
        }
        return RollupRepository.watermark(db).map(w -> RollupQuery.plan(q.start(), q.end(), w, days));
    }

    /** One aggregation: cube where the plan allows, raw events elsewhere. */
    private Uni<Map<List<Object>, Acc>> aggregate(SqlClient db, AnalyticsQuery q, Plan plan, SqlFilter f, String cube, List<String> cubeKeys,
            String rawWhere, List<String> rawKeys, List<Measure> measures, List<Distinct> distincts) {
        return aggregate(db, q, plan, f, cube, cubeKeys, rawWhere, rawKeys, measures, distincts, List.of());
    }

    /** The same with frequent-items sketches of the cube rows ({@code tops}; raw pieces add none to them). */
    private Uni<Map<List<Object>, Acc>> aggregate(SqlClient db, AnalyticsQuery q, Plan plan, SqlFilter f, String cube, List<String> cubeKeys,
            String rawWhere, List<String> rawKeys, List<Measure> measures, List<Distinct> distincts, List<Top> tops) {
        if (plan.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String table = cube == null ? null : cube.substring(0, cube.indexOf('|'));
        String cubeWhere = cube == null ? null : cube.substring(cube.indexOf('|') + 1);
        String sql = RollupQuery.sql(f, plan, q.start(), q.end(), table, cubeWhere, cubeKeys, rawWhere, rawKeys, measures, distincts, tops);
        return RollupQuery.run(db, sql, f, cubeKeys.size(), measures, distincts, tops);
    }

    static Long avg(long sum, long n) {
        return n == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 0, RoundingMode.HALF_UP).longValue();
    }

    public Uni<Overview> overview(AnalyticsQuery q) {
        return snapshot(db -> overview(db, q));
    }

    private Uni<Overview> overview(SqlClient db, AnalyticsQuery q) {
        SqlFilter f = SqlFilter.none();
        String cube = totalsCube(q, f);
        String raw = rawWhere(q, f);
        List<Distinct> distincts = List.of(USERS, VISITORS, SESSIONS);
        return plan(db, q, cube != null, true).flatMap(plan -> aggregate(db, q, plan, f, cube, List.of("0"), raw, List.of("0"), TOTAL_MEASURES, distincts))
                .map(m -> {
                    Acc a = m.isEmpty() ? new Acc(TOTAL_MEASURES.size(), distincts.size()) : m.values().iterator().next();
                    long[] v = a.values;
                    Map<String, Estimate> est = new LinkedHashMap<>();
                    est.put("unique_users", a.distinct[0].estimate());
                    est.put("unique_visitors", a.distinct[1].estimate());
                    est.put("sessions", a.distinct[2].estimate());
                    return new Overview(v[0], a.distinct[0].value(), a.distinct[1].value(), a.distinct[2].value(), avg(v[4], v[5]),
                            avg(v[6], v[7]), v[1], v[2], v[3], est);
                });
    }

    /**
     * Values per bucket (and their estimates for distinct metrics), keyed by bucket number (1 = the first
     * threshold). The bucket starts are computed by the caller in the requested zone, so PostgreSQL never interprets a
     * zone name. Cube rows are used only when every bucket starts on a whole UTC hour (day rows: on a UTC midnight).
     */
    public Uni<Series> timeseries(AnalyticsQuery q, Metric metric, OffsetDateTime[] bucketStarts) {
        return snapshot(db -> timeseries(db, q, metric, bucketStarts));
    }

    private Uni<Series> timeseries(SqlClient db, AnalyticsQuery q, Metric metric, OffsetDateTime[] bucketStarts) {
        boolean hours = hourAligned(q.end());
        boolean days = dayAligned(q.end());
        for (OffsetDateTime t : bucketStarts) {
            hours &= hourAligned(t);
            days &= dayAligned(t);
        }
        SqlFilter f = SqlFilter.none();
        // hour rows only when every bucket starts on a whole UTC hour; otherwise raw events alone
        String cube = hours ? totalsCube(q, f) : null;
        String raw = rawWhere(q, f);
        String buckets = f.bind(bucketStarts);
        List<Measure> measures = switch (metric) {
            case PAGE_VIEWS -> List.of(TOTAL_MEASURES.get(0));
            case CLICKS -> List.of(TOTAL_MEASURES.get(1));
            case LOGIN_SUCCESSES -> List.of(TOTAL_MEASURES.get(2));
            case LOGIN_FAILURES -> List.of(TOTAL_MEASURES.get(3));
            case AVG_VISIBLE_MS -> List.of(TOTAL_MEASURES.get(4), TOTAL_MEASURES.get(5));
            case AVG_DURATION_MS -> List.of(TOTAL_MEASURES.get(6), TOTAL_MEASURES.get(7));
            default -> List.of();
        };
        List<Distinct> distincts = switch (metric) {
            case UNIQUE_USERS -> List.of(USERS);
            case UNIQUE_VISITORS -> List.of(VISITORS);
            case SESSIONS -> List.of(SESSIONS);
            default -> List.of();
        };
        boolean useDays = days;
        return plan(db, q, cube != null, useDays).flatMap(plan -> aggregate(db, q, plan, f, cube,
                List.of("width_bucket(bucket, " + buckets + "::timestamptz[])"), raw,
                List.of("width_bucket(occurred_at, " + buckets + "::timestamptz[])"), measures, distincts)).map(m -> {
                    Long[] values = new Long[bucketStarts.length];
                    if (!metric.isAverage()) {
                        java.util.Arrays.fill(values, 0L);
                    }
                    Estimate[] estimates = new Estimate[bucketStarts.length];
                    for (Map.Entry<List<Object>, Acc> e : m.entrySet()) {
                        int bucket = ((Number) e.getKey().get(0)).intValue();
                        if (bucket >= 1 && bucket <= values.length) {
                            Acc a = e.getValue();
                            values[bucket - 1] = metric.isAverage() ? avg(a.values[0], a.values[1])
                                    : Long.valueOf(distincts.isEmpty() ? a.values[0] : a.distinct[0].value());
                            estimates[bucket - 1] = distincts.isEmpty() ? null : a.distinct[0].estimate();
                        }
                    }
                    if (!distincts.isEmpty()) {
                        for (int i = 0; i < estimates.length; i++) {
                            if (estimates[i] == null) {
                                estimates[i] = Estimate.EXACT_ZERO;
                            }
                        }
                    }
                    return new Series(values, distincts.isEmpty() ? null : estimates);
                });
    }

    /** A time series' values (null: an average over nothing) and, for distinct metrics, each value's estimate. */
    public record Series(Long[] values, Estimate[] estimates) {
    }

    static boolean hourAligned(OffsetDateTime t) {
        return t.getMinute() == 0 && t.getSecond() == 0 && t.getNano() == 0 && t.getOffset().getTotalSeconds() % 3600 == 0;
    }

    static boolean dayAligned(OffsetDateTime t) {
        OffsetDateTime u = t.withOffsetSameInstant(ZoneOffset.UTC);
        return u.getHour() == 0 && u.getMinute() == 0 && u.getSecond() == 0 && u.getNano() == 0;
    }

    public Uni<PagesReport> pages(AnalyticsQuery q, int limit) {
        return snapshot(db -> pages(db, q, limit));
    }

    private Uni<PagesReport> pages(SqlClient db, AnalyticsQuery q, int limit) {
        SqlFilter f = SqlFilter.none();
        String cube = q.customerId() != null ? null : pathsCube(q, f);
        String raw = rawWhere(q, f) + " AND type IN ('page_view', 'time_on_page')";
        List<Measure> measures = List.of(TOTAL_MEASURES.get(0), TOTAL_MEASURES.get(4), TOTAL_MEASURES.get(5), TOTAL_MEASURES.get(7));
        return plan(db, q, cube != null, true).flatMap(plan -> aggregate(db, q, plan, f, cube, List.of("page_path"), raw, List.of("page_path"),
                measures, List.of()).flatMap(totals -> {
                    List<Map.Entry<List<Object>, Acc>> top = totals.entrySet().stream()
                            .filter(e -> e.getValue().values[0] > 0 || e.getValue().values[2] > 0 || e.getValue().values[3] > 0)
                            .sorted(Comparator.<Map.Entry<List<Object>, Acc>>comparingLong(e -> -e.getValue().values[0])
                                    .thenComparing(e -> (String) e.getKey().get(0)))
                            .limit(limit).toList();
                    String[] paths = top.stream().map(e -> (String) e.getKey().get(0)).toArray(String[]::new);
                    SqlFilter g = SqlFilter.none();
                    String cube2 = cube == null ? null : pathsCube(q, g) + " AND page_path = ANY(" + g.bind(paths) + ")";
                    String raw2 = rawWhere(q, g) + " AND type = 'page_view' AND page_path = ANY(" + g.bind(paths) + ")";
                    Distinct viewers = new Distinct("viewers", "viewers", USER_HASH, "user_sub IS NOT NULL");
                    Uni<Map<List<Object>, Acc>> users = paths.length == 0 ? Uni.createFrom().item(Map.of())
                            : aggregate(db, q, plan, g, cube2, List.of("page_path"), raw2, List.of("page_path"), List.of(), List.of(viewers));
                    return users.map(u -> {
                        List<PagesReport.Row> rows = new ArrayList<>();
                        for (Map.Entry<List<Object>, Acc> e : top) {
                            Acc d = u.get(e.getKey());
                            long[] v = e.getValue().values;
                            Estimate est = d == null ? Estimate.EXACT_ZERO : d.distinct[0].estimate();
                            rows.add(new PagesReport.Row((String) e.getKey().get(0), v[0], d == null ? 0 : d.distinct[0].value(), avg(v[1], v[2]),
                                    Map.of("unique_users", est)));
                        }
                        return new PagesReport(rows);
                    });
                }));
    }

    /**
     * The totals and paths cubes' rows of the asked surface; without one, the '*' day rows (every surface) and the
     * hour rows of each surface.
     */
    private static String surface(AnalyticsQuery q, SqlFilter f) {
        return " AND " + (q.surface() == null ? RollupQuery.EVERY_SURFACE : "surface = " + f.bind(q.surface()));
    }

    private static String pathsCube(AnalyticsQuery q, SqlFilter f) {
        StringBuilder where = new StringBuilder(PATHS + "|true").append(surface(q, f));
        if (q.pathPrefix() != null) {
            where.append(" AND ").append(f.startsWith("page_path", q.pathPrefix()));
        }
        return where.toString();
    }

    /**
     * The label rows for the query: without a path prefix the per-label cube (its '*' rows when no surface is asked
     * for); with one the per-(label, section) day rows of the sections it matches when sections answer it
     * ({@link Section}), else the per-(label, path, element) day rows under the prefix.
     */
    private static String labelsCube(AnalyticsQuery q, SqlFilter f) {
        if (q.pathPrefix() != null) {
            boolean bySection = Section.answers(q.pathPrefix());
            return (bySection ? LABEL_SECTIONS + "|" : LABEL_PATHS + "|") + f.startsWith(bySection ? "section" : "page_path", q.pathPrefix())
                    + (q.surface() == null ? "" : " AND surface = " + f.bind(q.surface()));
        }
        return LABELS + "|surface = " + (q.surface() == null ? "'*'" : f.bind(q.surface()));
    }

    static final Top TOP_PAGES = new Top("pages", "pages", Items.PAGES);
    static final Top TOP_ELEMENTS = new Top("elements", "elements", Items.ELEMENTS);

    static final Measure CLICKS = Measure.sum("clicks", "clicks", "count(*)");
    static final List<String> RAW_CLICK_KEYS = List.of("coalesce(label, '')", "page_path", "coalesce(element, '')");

    /**
     * Labels ranked by clicks, then for the listed ones their users, top page and top element tag. The raw events the
     * cube rows do not cover are read once, by (label, page, tag) with their users, beside the cube rows' ranking; the
     * listed labels' cube rows then add their users and their pages' and tags' sketches (or, per path, their counts).
     * Cube rows: without a path prefix the per-label rows, with one that sections answer the per-(label, section) day
     * rows, with any other prefix the per-(label, path, element) day rows; raw events for the partial days of day rows.
     */
    public Uni<ClicksReport> clicks(AnalyticsQuery q, int limit) {
        return snapshot(db -> clicks(db, q, limit));
    }

    private Uni<ClicksReport> clicks(SqlClient db, AnalyticsQuery q, int limit) {
        boolean cubes = q.customerId() == null;
        boolean dayRows = q.pathPrefix() != null;
        boolean perPath = dayRows && !Section.answers(q.pathPrefix());
        List<Measure> clicks = List.of(CLICKS);
        return plan(db, q, cubes, true).map(p -> dayRows ? p.daysOnly() : p).flatMap(plan -> {
            SqlFilter r = SqlFilter.none();
            Uni<Map<List<Object>, Acc>> raw = aggregate(db, q, plan.rawOnly(), r, null, RAW_CLICK_KEYS, rawWhere(q, r) + " AND type = 'click'",
                    RAW_CLICK_KEYS, clicks, List.of(USERS));
            SqlFilter f = SqlFilter.none();
            Uni<Map<List<Object>, Acc>> ranked = cubes ? aggregate(db, q, plan.cubeOnly(), f, labelsCube(q, f), List.of("label"), null, List.of("label"),
                    clicks, List.of()) : Uni.createFrom().item(Map.of());
            return Uni.combine().all().unis(ranked, raw).asTuple().flatMap(t -> {
                Map<String, LabelClicks> byLabel = new HashMap<>();
                t.getItem1().forEach((k, a) -> byLabel.computeIfAbsent((String) k.get(0), LabelClicks::new).clicks += a.values[0]);
                t.getItem2().forEach((k, a) -> byLabel.computeIfAbsent((String) k.get(0), LabelClicks::new).addRaw(k, a));
                List<LabelClicks> top = byLabel.values().stream().filter(l -> l.clicks > 0)
                        .sorted(Comparator.comparingLong((LabelClicks l) -> -l.clicks).thenComparing(l -> l.label)).limit(limit).toList();
                if (top.isEmpty() || !cubes || plan.cubeOnly().isEmpty()) {
                    return Uni.createFrom().item(clicksReport(top));
                }
                String[] labels = top.stream().map(l -> l.label).toArray(String[]::new);
                SqlFilter g = SqlFilter.none();
                String cube = labelsCube(q, g) + " AND label = ANY(" + g.bind(labels) + ")";
                List<String> keys = perPath ? List.of("label", "page_path", "element") : List.of("label");
                return aggregate(db, q, plan.cubeOnly(), g, cube, keys, null, keys, perPath ? clicks : List.of(), List.of(USERS),
                        perPath ? List.of() : List.of(TOP_PAGES, TOP_ELEMENTS)).map(rows -> {
                            rows.forEach((k, a) -> byLabel.get((String) k.get(0)).addCube(k, a, perPath));
                            return clicksReport(top);
                        });
            });
        });
    }

    /** One label's clicks, users, and pages and tags (sketches and counts) as the pieces of a /clicks answer arrive. */
    private static final class LabelClicks {
        final String label;
        long clicks;
        final Hll.Merge users = new Hll.Merge();
        final Items.Merge pages = new Items.Merge(Items.PAGES);
        final Items.Merge elements = new Items.Merge(Items.ELEMENTS);

        LabelClicks(String label) {
            this.label = label;
        }

        /** A raw (label, page, tag) group: counted, its users added; an empty tag never wins. */
        void addRaw(List<Object> key, Acc a) {
            clicks += a.values[0];
            users.add(a.distinct[0]);
            pages.add((String) key.get(1), a.values[0]);
            elements.add((String) key.get(2), a.values[0]);
        }

        /** The cube rows of a listed label: users, and the pages' and tags' sketches (per path: their counts). */
        void addCube(List<Object> key, Acc a, boolean perPath) {
            users.add(a.distinct[0]);
            if (perPath) {
                pages.add((String) key.get(1), a.values[0]);
                elements.add((String) key.get(2), a.values[0]);
            } else {
                pages.add(a.tops[0].result());
                elements.add(a.tops[1].result());
            }
        }
    }

    private static ClicksReport clicksReport(List<LabelClicks> top) {
        List<ClicksReport.Row> rows = new ArrayList<>();
        for (LabelClicks l : top) {
            rows.add(new ClicksReport.Row(l.label.isEmpty() ? null : l.label, l.elements.top(), l.clicks, l.users.value(), l.pages.top(),
                    Map.of("unique_users", l.users.estimate())));
        }
        return new ClicksReport(rows);
    }

    /** Users read for /sessions' distribution at most (about): above this, a consistent sample of users is read. */
    static final int SAMPLE_USERS = 4000;

    public Uni<SessionsReport> sessions(AnalyticsQuery q) {
        return snapshot(db -> sessions(db, q));
    }

    private Uni<SessionsReport> sessions(SqlClient db, AnalyticsQuery q) {
        SqlFilter f = SqlFilter.none();
        String cube = totalsCube(q, f);
        String raw = rawWhere(q, f);
        Uni<Acc> totals = plan(db, q, cube != null, true).flatMap(plan -> aggregate(db, q, plan, f, cube, List.of("0"), raw, List.of("0"), List.of(),
                List.of(SESSIONS, USERS))).map(m -> m.isEmpty() ? new Acc(0, 2) : m.values().iterator().next());
        return totals.flatMap(t -> {
            long usersEstimate = t.distinct[1].value();
            int k = sampleOf1024(usersEstimate);
            return distribution(db, q, k).map(counts -> sessionsReport(t.distinct[0].value(), t.distinct[0].estimate(), t.distinct[1].value(),
                    t.distinct[1].estimate(), counts, k));
        });
    }

    /** How many of 1024 user hash buckets to read: all of them up to {@link #SAMPLE_USERS} users, else about that many users. */
    static int sampleOf1024(long users) {
        return users <= SAMPLE_USERS ? 1024 : (int) Math.max(1, Math.min(1024, Math.ceil(1024.0 * SAMPLE_USERS / users)));
    }

    /**
     * The report from the distribution of the sampled users ({@code k} of 1024 hash buckets): exact when every bucket
     * was read; otherwise each count is scaled up by 1024/k and carries its sampling error (binomial thinning:
     * rse = sqrt((1 − p) / sampled count)), users is the HLL estimate and the average is the sample's (not listed in estimates).
     */
    static SessionsReport sessionsReport(long sessions, Estimate sessionsEstimate, long hllUsers, Estimate usersEstimate,
            List<SessionsReport.Bucket> sampled, int k) {
        long users = 0;
        long userSessions = 0;
        for (SessionsReport.Bucket b : sampled) {
            users += b.users();
            userSessions += b.sessionCount() * b.users();
        }
        double avg = users == 0 ? 0.0
                : BigDecimal.valueOf(userSessions).divide(BigDecimal.valueOf(users), 2, RoundingMode.HALF_UP).doubleValue();
        Map<String, Estimate> est = new LinkedHashMap<>();
        est.put("sessions", sessionsEstimate);
        if (k >= 1024) {
            return new SessionsReport(sessions, users, avg, sampled, est);
        }
        double p = k / 1024.0;
        List<SessionsReport.Bucket> scaled = new ArrayList<>();
        for (SessionsReport.Bucket b : sampled) {
            long value = Math.round(b.users() / p);
            double rse = Math.sqrt((1 - p) / b.users());
            scaled.add(new SessionsReport.Bucket(b.sessionCount(), value, Map.of("users", new Estimate("sample", Math.round(rse * 10000) / 10000.0,
                    Math.max(b.users(), (long) Math.floor(value * (1 - 2 * rse))), (long) Math.ceil(value * (1 + 2 * rse))))));
        }
        est.put("users", usersEstimate);
        return new SessionsReport(sessions, hllUsers, avg, scaled, est);
    }

    /**
     * How many signed-in users had exactly n sessions, among the users of {@code k} of the 1024 user hash buckets: from
     * the per-user session rollup (whole hours; under a path prefix the rows with a section it matches) and raw events
     * (partial hours, not yet rolled, or a path prefix that sections do not answer).
     */
    private Uni<List<SessionsReport.Bucket>> distribution(SqlClient db, AnalyticsQuery q, int k) {
        return plan(db, q, q.pathPrefix() == null || Section.answers(q.pathPrefix()), false).flatMap(plan -> {
            SqlFilter f = SqlFilter.none();
            StringBuilder cubeWhere = new StringBuilder(k >= 1024 ? "true" : "user_sample < " + k);
            // cube conditions only when cube rows are read: an unused parameter costs PostgreSQL a failed prepare
            boolean cube = !plan.cubeOnly().isEmpty();
            if (cube && q.customerId() != null) {
                cubeWhere.append(" AND customer_id = ").append(f.bind(q.customerId()));
            }
            if (cube && q.surface() != null) {
                cubeWhere.append(" AND surface = ").append(f.bind(q.surface()));
            }
            if (cube && q.pathPrefix() != null) {
                cubeWhere.append(" AND EXISTS (SELECT FROM unnest(sections) s WHERE s LIKE ").append(f.bind(SqlFilter.likePrefix(q.pathPrefix())))
                        .append(")");
            }
            String raw = rawWhere(q, f) + " AND user_sub IS NOT NULL AND " + RollupQuery.ALL_TYPES
                    + (k >= 1024 ? "" : " AND (" + USER_HASH + " & 1023) < " + k);
            List<String> parts = new ArrayList<>();
            Watermark w = plan.watermark();
            for (RollupQuery.Piece p : plan.pieces()) {
                String a = f.bind(p.from());
                String b = f.bind(p.to());
                parts.add(p.grain() != null
                        ? "SELECT user_sub, session_id FROM " + RollupRepository.USER_SESSIONS + " WHERE " + cubeWhere + " AND hour >= " + a + " AND hour < " + b
                        : "SELECT user_sub, session_id FROM analytics_events WHERE " + raw + " AND occurred_at >= " + a + " AND occurred_at < " + b
                                + (w == null ? "" : " AND " + w.sql(true, f::bind)));
            }
            if (w != null) {
                parts.add("SELECT user_sub, session_id FROM analytics_events WHERE " + raw + " AND occurred_at >= " + f.bind(q.start())
                        + " AND occurred_at < " + f.bind(q.end()) + " AND " + w.sql(false, f::bind));
            }
            String sql = "SELECT n, count(*) AS users FROM (SELECT user_sub, count(*) AS n FROM (SELECT DISTINCT user_sub, session_id FROM ("
                    + String.join(" UNION ALL ", parts) + ") s) d GROUP BY user_sub) u GROUP BY n ORDER BY n";
            return db.preparedQuery(sql).execute(f.tuple()).map(rows -> {
                List<SessionsReport.Bucket> out = new ArrayList<>();
                for (Row r : rows) {
                    out.add(new SessionsReport.Bucket(r.getLong("n"), r.getLong("users"), null));
                }
                return out;
            });
        });
    }

    static final List<String> OUTCOME_KEYS = List.of("error_code", "geo_country", "geo_region", "geo_city", "browser", "os", "device_type");

    public Uni<LoginsReport> logins(AnalyticsQuery q) {
        return snapshot(db -> logins(db, q));
    }

    private Uni<LoginsReport> logins(SqlClient db, AnalyticsQuery q) {
        SqlFilter f = SqlFilter.none();
        boolean cubes = q.customerId() == null;
        String cube = cubes ? OUTCOMES + "|" + (q.surface() == null ? "true" : "surface = " + f.bind(q.surface()))
                + (q.pathPrefix() == null ? "" : " AND " + f.startsWith("page_path", q.pathPrefix())) : null;
        String raw = rawWhere(q, f) + " AND type IN ('login_success', 'login_failure')";
        List<String> rawKeys = OUTCOME_KEYS.stream().map(k -> "coalesce(" + k + ", '')").toList();
        List<Measure> measures = List.of(Measure.sum("successes", "successes", "count(*) FILTER (WHERE type = 'login_success')"),
                Measure.sum("failures", "failures", "count(*) FILTER (WHERE type = 'login_failure')"));
        return plan(db, q, cubes, true).flatMap(plan -> aggregate(db, q, plan, f, cube, OUTCOME_KEYS, raw, rawKeys, measures, List.of()))
                .map(AnalyticsRepository::loginsReport);
    }

    private static LoginsReport loginsReport(Map<List<Object>, Acc> rows) {
        long successes = 0;
        long failures = 0;
        List<Map<String, long[]>> dims = new ArrayList<>();
        for (int i = 0; i < OUTCOME_KEYS.size(); i++) {
            dims.add(new HashMap<>());
        }
        for (Map.Entry<List<Object>, Acc> e : rows.entrySet()) {
            long s = e.getValue().values[0];
            long fl = e.getValue().values[1];
            successes += s;
            failures += fl;
            for (int i = 0; i < OUTCOME_KEYS.size(); i++) {
                long[] c = dims.get(i).computeIfAbsent((String) e.getKey().get(i), k -> new long[2]);
                c[0] += s;
                c[1] += fl;
            }
        }
        List<CodeCount> codes = new ArrayList<>();
        dims.get(0).forEach((k, c) -> {
            if (!k.isEmpty()) {
                codes.add(new CodeCount(k, c[1]));
            }
        });
        codes.sort(Comparator.comparingLong(CodeCount::failures).reversed().thenComparing(CodeCount::errorCode));
        List<List<Breakdown>> breakdowns = new ArrayList<>();
        for (int i = 1; i < OUTCOME_KEYS.size(); i++) {
            List<Breakdown> list = new ArrayList<>();
            dims.get(i).forEach((k, c) -> list.add(new Breakdown(k.isEmpty() ? null : k, c[0], c[1])));
            list.sort(Comparator.comparingLong((Breakdown b) -> b.successes() + b.failures()).reversed()
                    .thenComparing(Breakdown::key, Comparator.nullsLast(Comparator.naturalOrder())));
            breakdowns.add(list);
        }
        Double rate = successes + failures == 0 ? null
                : BigDecimal.valueOf(failures).divide(BigDecimal.valueOf(successes + failures), 4, RoundingMode.HALF_UP).doubleValue();
        return new LoginsReport(successes, failures, rate, codes, breakdowns.get(0), breakdowns.get(1), breakdowns.get(2), breakdowns.get(3),
                breakdowns.get(4), breakdowns.get(5), Map.of());
    }

    static final List<String> CUSTOMER_KEY = List.of("customer_id");
    static final Measure PAGE_VIEW_COUNT = TOTAL_MEASURES.get(0);
    /** Per-(day, section, customer) rows: every event, so that a customer whose counted events are all subtracted is dropped. */
    static final Measure SECTION_EVENTS = Measure.sum("events", "events", "count(*)");

    /**
     * Customers ranked by page views, then for the listed ones their users, sessions and last event. Without a path
     * prefix from the totals cube's per-customer rows: the raw events they do not cover (partial hours, events newer
     * than the watermark) are read once, with users and sessions, beside the cube rows' ranking, and the listed
     * customers' cube rows then add their sketches and last event. Under a section prefix see {@link #customersBySection};
     * under any other prefix every event is raw.
     */
    public Uni<CustomersReport> customers(AnalyticsQuery q, int limit) {
        return snapshot(db -> customers(db, q, limit));
    }

    private Uni<CustomersReport> customers(SqlClient db, AnalyticsQuery q, int limit) {
        boolean bySection = q.pathPrefix() != null && Section.answers(q.pathPrefix());
        boolean cubes = q.pathPrefix() == null || bySection;
        return plan(db, q, cubes, true).map(p -> bySection ? p.daysOnly() : p).flatMap(plan -> {
            if (plan.cubeOnly().isEmpty()) {
                return customersRaw(db, q, plan, limit);
            }
            if (bySection) {
                return customersBySection(db, q, plan, limit);
            }
            SqlFilter r = SqlFilter.none();
            Uni<Map<List<Object>, Acc>> raw = aggregate(db, q, plan.rawOnly(), r, null, CUSTOMER_KEY, rawWhere(q, r) + " AND customer_id IS NOT NULL",
                    CUSTOMER_KEY, List.of(PAGE_VIEW_COUNT, LAST_SEEN), List.of(USERS, SESSIONS));
            SqlFilter f = SqlFilter.none();
            Uni<Map<List<Object>, Acc>> ranked = aggregate(db, q, plan.cubeOnly(), f, customersCube(q, f, null), CUSTOMER_KEY, null, CUSTOMER_KEY,
                    List.of(PAGE_VIEW_COUNT), List.of());
            return Uni.combine().all().unis(ranked, raw).asTuple().flatMap(t -> {
                Map<Long, CustomerTotals> byId = new HashMap<>();
                t.getItem1().forEach((k, a) -> byId.computeIfAbsent(idOf(k), CustomerTotals::new).pageViews += a.values[0]);
                t.getItem2().forEach((k, a) -> byId.computeIfAbsent(idOf(k), CustomerTotals::new).addRaw(a));
                return listed(db, q, plan.cubeOnly(), rank(byId.values(), limit), (g, ids) -> customersCube(q, g, ids), false);
            });
        });
    }

    /**
     * Under a section prefix, from the per-(day, surface, section, customer) rows. The ranking counts page views and
     * events: cube rows and, concurrently, raw events — for a partial day at an end, the whole day row minus the raw
     * events outside the range where those are fewer ({@link Plan#countsByComplement}: a New York range's edge is 5 raw
     * hours instead of 19). The listed customers' sketches and last event then come from their cube rows and their own
     * raw events of the partial days (by the (customer, time) index).
     */
    private Uni<CustomersReport> customersBySection(SqlClient db, AnalyticsQuery q, Plan plan, int limit) {
        Plan counting = plan.countsByComplement(q.start(), q.end());
        List<Measure> counts = List.of(PAGE_VIEW_COUNT, SECTION_EVENTS);
        SqlFilter r = SqlFilter.none();
        Uni<Map<List<Object>, Acc>> raw = aggregate(db, q, counting.rawOnly(), r, null, CUSTOMER_KEY, rawWhere(q, r) + " AND customer_id IS NOT NULL",
                CUSTOMER_KEY, counts, List.of());
        SqlFilter f = SqlFilter.none();
        Uni<Map<List<Object>, Acc>> ranked = aggregate(db, q, counting.cubeOnly(), f, customerSectionsCube(q, f, null), CUSTOMER_KEY, null, CUSTOMER_KEY,
                counts, List.of());
        return Uni.combine().all().unis(ranked, raw).asTuple().flatMap(t -> {
            Map<Long, CustomerTotals> byId = new HashMap<>();
            for (Map<List<Object>, Acc> part : List.of(t.getItem1(), t.getItem2())) {
                part.forEach((k, a) -> {
                    CustomerTotals c = byId.computeIfAbsent(idOf(k), CustomerTotals::new);
                    c.pageViews += a.values[0];
                    c.events += a.values[1];
                });
            }
            List<CustomerTotals> inRange = byId.values().stream().filter(c -> c.events > 0).toList();
            return listed(db, q, plan, rank(inRange, limit), (g, ids) -> customerSectionsCube(q, g, ids), true);
        });
    }

    /** Every event raw (a prefix no rollup answers, or no rollup yet): ranked, then the listed customers' details. */
    private Uni<CustomersReport> customersRaw(SqlClient db, AnalyticsQuery q, Plan plan, int limit) {
        SqlFilter f = SqlFilter.none();
        return aggregate(db, q, plan, f, null, CUSTOMER_KEY, rawWhere(q, f) + " AND customer_id IS NOT NULL", CUSTOMER_KEY, List.of(PAGE_VIEW_COUNT),
                List.of()).flatMap(totals -> {
                    Map<Long, CustomerTotals> byId = new HashMap<>();
                    totals.forEach((k, a) -> byId.computeIfAbsent(idOf(k), CustomerTotals::new).pageViews += a.values[0]);
                    return listed(db, q, plan, rank(byId.values(), limit), null, true);
                });
    }

    /**
     * The ranked customers' last event, users and sessions over {@code plan}: from their cube rows ({@code cube}, null:
     * none) and, with {@code raw}, their own raw events; then the answer.
     */
    private Uni<CustomersReport> listed(SqlClient db, AnalyticsQuery q, Plan plan, List<CustomerTotals> top, BiFunction<SqlFilter, Long[], String> cube,
            boolean raw) {
        if (top.isEmpty()) {
            return Uni.createFrom().item(customersReport(top, q.zone()));
        }
        Map<Long, CustomerTotals> byId = new HashMap<>();
        top.forEach(c -> byId.put(c.id, c));
        Long[] ids = byId.keySet().toArray(Long[]::new);
        SqlFilter g = SqlFilter.none();
        String cubeWhere = cube == null ? null : cube.apply(g, ids);
        String rawWhere = raw ? rawWhere(q, g) + " AND customer_id = ANY(" + g.bind(ids) + ")" : null;
        return aggregate(db, q, plan, g, cubeWhere, CUSTOMER_KEY, rawWhere, CUSTOMER_KEY, List.of(LAST_SEEN), List.of(USERS, SESSIONS)).map(rows -> {
            rows.forEach((k, a) -> byId.get(idOf(k)).addDetails(a));
            return customersReport(top, q.zone());
        });
    }

    private static long idOf(List<Object> key) {
        return ((Number) key.get(0)).longValue();
    }

    /** One customer's figures as the pieces of a /customers answer arrive. */
    private static final class CustomerTotals {
        final long id;
        long pageViews;
        /** Under a section prefix: its events in the range (none left after a subtraction: not listed). */
        long events;
        long lastSeenMicros;
        final Hll.Merge users = new Hll.Merge();
        final Hll.Merge sessions = new Hll.Merge();

        CustomerTotals(long id) {
            this.id = id;
        }

        /** A raw group: page views, last event, users, sessions. */
        void addRaw(Acc a) {
            pageViews += a.values[0];
            addDetails(a.values[1], a);
        }

        /** A listed customer's last event, users and sessions. */
        void addDetails(Acc a) {
            addDetails(a.values[0], a);
        }

        private void addDetails(long lastSeen, Acc a) {
            lastSeenMicros = Math.max(lastSeenMicros, lastSeen);
            users.add(a.distinct[0]);
            sessions.add(a.distinct[1]);
        }
    }

    /** Most page views first, then the lower id; customers with no page view in the range are listed too (as 0). */
    private static List<CustomerTotals> rank(Collection<CustomerTotals> all, int limit) {
        return all.stream().sorted(Comparator.comparingLong((CustomerTotals c) -> -c.pageViews).thenComparingLong(c -> c.id)).limit(limit).toList();
    }

    private static CustomersReport customersReport(List<CustomerTotals> top, ZoneId zone) {
        List<CustomersReport.Row> rows = new ArrayList<>();
        for (CustomerTotals c : top) {
            OffsetDateTime last = Instant.ofEpochSecond(Math.floorDiv(c.lastSeenMicros, 1_000_000L)).atOffset(ZoneOffset.UTC);
            Map<String, Estimate> est = new LinkedHashMap<>();
            est.put("unique_users", c.users.estimate());
            est.put("sessions", c.sessions.estimate());
            rows.add(new CustomersReport.Row(c.id, c.pageViews, c.users.value(), c.sessions.value(), TimeFormat.format(last, zone), est));
        }
        return new CustomersReport(rows);
    }

    /** Under a section prefix: the per-(day, surface, section, customer) rows (no '*' surface: without one, every surface's rows). */
    private static String customerSectionsCube(AnalyticsQuery q, SqlFilter f, Long[] ids) {
        StringBuilder where = new StringBuilder(CUSTOMER_SECTIONS + "|").append(f.startsWith("section", q.pathPrefix()));
        if (q.surface() != null) {
            where.append(" AND surface = ").append(f.bind(q.surface()));
        }
        if (q.customerId() != null) {
            where.append(" AND customer_id = ").append(f.bind(q.customerId()));
        }
        if (ids != null) {
            where.append(" AND customer_id = ANY(").append(f.bind(ids)).append(")");
        }
        return where.toString();
    }

    private static String customersCube(AnalyticsQuery q, SqlFilter f, Long[] ids) {
        StringBuilder where = new StringBuilder(TOTALS + "|customer_id <> 0");
        if (q.customerId() != null) {
            where.append(" AND customer_id = ").append(f.bind(q.customerId()));
        }
        if (ids != null) {
            where.append(" AND customer_id = ANY(").append(f.bind(ids)).append(")");
        }
        return where.append(surface(q, f)).toString();
    }
}
