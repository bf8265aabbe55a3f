package com.paubox.tracking.dashboard.repository.report;

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

import com.paubox.tracking.dashboard.model.CustomersReport;
import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Measure;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.RollupTable;
import com.paubox.tracking.dashboard.rollup.Section;
import com.paubox.tracking.dashboard.service.TimeFormat;

import io.smallrye.mutiny.Uni;

/**
 * /customers: customers ranked by page views, then for the listed ones their users, sessions and last event. Without a path
 * prefix from the totals cube's per-customer rows (for every surface, its week rows where whole UTC weeks fit): the raw
 * events they do not cover (partial hours, events newer than the watermark) are read once, with users and sessions,
 * beside the cube rows' ranking, and the listed customers' cube rows then add their sketches and last event. Under a
 * section prefix see {@link #underSection};
 * under any other prefix every event is raw.
 */
final class CustomersQuery {

    static final List<String> CUSTOMER_KEY = List.of("customer_id");
    /** Per-(day, section, customer) rows: every event, so that a customer whose counted events are all subtracted is dropped. */
    static final Measure SECTION_EVENTS = Measure.sum("events", "events", "count(*)");

    private CustomersQuery() {
    }

    static Uni<CustomersReport> answer(Snapshot s, int limit) {
        AnalyticsQuery q = s.query();
        boolean bySection = q.pathPrefix() != null && Section.answers(q.pathPrefix());
        boolean cubes = q.pathPrefix() == null || bySection;
        // every surface, no prefix: the per-customer every-surface rows, which have week rows (V45) — a month is then
        // about four week rows and two day rows per customer instead of thirty day rows
        Uni<Plan> planned = q.pathPrefix() == null && q.surface() == null ? s.planWithWeeks() : s.plan(cubes, true);
        return planned.map(p -> bySection ? p.daysOnly() : p).flatMap(plan -> {
            if (plan.cubeOnly().isEmpty()) {
                return allRaw(s, plan, limit);
            }
            if (bySection) {
                return underSection(s, plan, limit);
            }
            SqlFilter r = SqlFilter.none();
            Uni<Map<List<Object>, Acc>> raw = s.aggregate(plan.rawOnly(), r, byCustomer().raw(withCustomer(q, r))
                    .measures(List.of(Figures.PAGE_VIEWS, Figures.LAST_SEEN)).distincts(List.of(Figures.USERS, Figures.SESSIONS)));
            SqlFilter f = SqlFilter.none();
            Uni<Map<List<Object>, Acc>> ranked = s.aggregate(plan.cubeOnly(), f, byCustomer().cube(totalsCube(q, f, null))
                    .measures(List.of(Figures.PAGE_VIEWS)));
            return Uni.combine().all().unis(ranked, raw).asTuple().flatMap(t -> {
                Map<Long, CustomerTotals> byId = new HashMap<>();
                t.getItem1().forEach((k, a) -> byId.computeIfAbsent(idOf(k), CustomerTotals::new).pageViews += a.value(Figures.PAGE_VIEWS));
                t.getItem2().forEach((k, a) -> byId.computeIfAbsent(idOf(k), CustomerTotals::new).addRaw(a));
                return listed(s, plan.cubeOnly(), rank(byId.values(), limit), (g, ids) -> totalsCube(q, g, ids), false);
            });
        });
    }

    private static Aggregation byCustomer() {
        return Aggregation.by(CUSTOMER_KEY);
    }

    /** The raw events of the query's filters that carry a customer. */
    static String withCustomer(AnalyticsQuery q, SqlFilter f) {
        return Filters.raw(q, f) + " AND customer_id IS NOT NULL";
    }

    /**
     * Under a section prefix, from the per-(day, surface, section, customer) rows. The ranking counts page views and
     * events: cube rows and, concurrently, raw events — for a partial day at an end, the whole day row minus the raw
     * events outside the range where those are fewer ({@link Plan#countsByComplement}: a New York range's edge is 5 raw
     * hours instead of 19). The listed customers' sketches and last event then come from their cube rows and their own
     * raw events of the partial days (by the (customer, time) index).
     */
    private static Uni<CustomersReport> underSection(Snapshot s, Plan plan, int limit) {
        AnalyticsQuery q = s.query();
        Plan counting = plan.countsByComplement(q.start(), q.end());
        List<Measure> counts = List.of(Figures.PAGE_VIEWS, SECTION_EVENTS);
        SqlFilter r = SqlFilter.none();
        Uni<Map<List<Object>, Acc>> raw = s.aggregate(counting.rawOnly(), r, byCustomer().raw(withCustomer(q, r)).measures(counts));
        SqlFilter f = SqlFilter.none();
        Uni<Map<List<Object>, Acc>> ranked = s.aggregate(counting.cubeOnly(), f, byCustomer().cube(sectionsCube(q, f, null)).measures(counts));
        return Uni.combine().all().unis(ranked, raw).asTuple().flatMap(t -> {
            Map<Long, CustomerTotals> byId = new HashMap<>();
            for (Map<List<Object>, Acc> part : List.of(t.getItem1(), t.getItem2())) {
                part.forEach((k, a) -> {
                    CustomerTotals c = byId.computeIfAbsent(idOf(k), CustomerTotals::new);
                    c.pageViews += a.value(Figures.PAGE_VIEWS);
                    c.events += a.value(SECTION_EVENTS);
                });
            }
            List<CustomerTotals> inRange = byId.values().stream().filter(c -> c.events > 0).toList();
            return listed(s, plan, rank(inRange, limit), (g, ids) -> sectionsCube(q, g, ids), true);
        });
    }

    /** Every event raw (a prefix no rollup answers, or no rollup yet): ranked, then the listed customers' details. */
    private static Uni<CustomersReport> allRaw(Snapshot s, Plan plan, int limit) {
        SqlFilter f = SqlFilter.none();
        return s.aggregate(plan, f, byCustomer().raw(withCustomer(s.query(), f)).measures(List.of(Figures.PAGE_VIEWS))).flatMap(totals -> {
            Map<Long, CustomerTotals> byId = new HashMap<>();
            totals.forEach((k, a) -> byId.computeIfAbsent(idOf(k), CustomerTotals::new).pageViews += a.value(Figures.PAGE_VIEWS));
            return listed(s, plan, rank(byId.values(), limit), null, true);
        });
    }

    /**
     * The ranked customers' last event, users and sessions over {@code plan}: from their cube rows ({@code cube}, null:
     * none) and, with {@code raw}, their own raw events; then the answer.
     */
    private static Uni<CustomersReport> listed(Snapshot s, Plan plan, List<CustomerTotals> top, BiFunction<SqlFilter, Long[], CubeSource> cube,
            boolean raw) {
        AnalyticsQuery q = s.query();
        if (top.isEmpty()) {
            return Uni.createFrom().item(customersReport(top, q.zone()));
        }
        Map<Long, CustomerTotals> byId = new HashMap<>();
        top.forEach(c -> byId.put(c.id, c));
        Long[] ids = byId.keySet().toArray(Long[]::new);
        SqlFilter g = SqlFilter.none();
        CubeSource cubeRows = cube == null ? null : cube.apply(g, ids);
        String rawWhere = raw ? Filters.raw(q, g) + " AND customer_id = ANY(" + g.bind(ids) + ")" : null;
        Aggregation details = byCustomer().cube(cubeRows).raw(rawWhere).measures(List.of(Figures.LAST_SEEN))
                .distincts(List.of(Figures.USERS, Figures.SESSIONS));
        return s.aggregate(plan, g, details).map(rows -> {
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
            pageViews += a.value(Figures.PAGE_VIEWS);
            addDetails(a);
        }

        /** A listed customer's last event, users and sessions. */
        void addDetails(Acc a) {
            lastSeenMicros = Math.max(lastSeenMicros, a.value(Figures.LAST_SEEN));
            users.add(a.distinct(Figures.USERS));
            sessions.add(a.distinct(Figures.SESSIONS));
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
    private static CubeSource sectionsCube(AnalyticsQuery q, SqlFilter f, Long[] ids) {
        StringBuilder where = new StringBuilder(f.startsWithKeyOf(RollupTable.CUSTOMER_SECTIONS, "section", q.pathPrefix()));
        if (q.surface() != null) {
            where.append(" AND surface = ").append(f.bind(q.surface()));
        }
        return new CubeSource(RollupTable.CUSTOMER_SECTIONS, customers(where, q, f, ids));
    }

    /** The totals cube's per-customer rows (customer 0's rows hold all events together). */
    static CubeSource totalsCube(AnalyticsQuery q, SqlFilter f, Long[] ids) {
        StringBuilder where = new StringBuilder("customer_id <> 0");
        return new CubeSource(RollupTable.TOTALS, customers(where, q, f, ids) + Filters.surface(q, f));
    }

    /** {@code where} narrowed to the asked customer and, with {@code ids}, to the listed ones. */
    private static String customers(StringBuilder where, AnalyticsQuery q, SqlFilter f, Long[] ids) {
        if (q.customerId() != null) {
            where.append(" AND customer_id = ").append(f.bind(q.customerId()));
        }
        if (ids != null) {
            where.append(" AND customer_id = ANY(").append(f.bind(ids)).append(")");
        }
        return where.toString();
    }
}
