package com.paubox.tracking.dashboard.repository.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.repository.RetentionRollup;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.retention.CohortMasks;
import com.paubox.tracking.dashboard.retention.CohortPeriod;
import com.paubox.tracking.dashboard.rollup.Watermark;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * /retention, exact: each user's (or visitor's) first event ever (with the query's filters) gives their cohort — the
 * period (local to the zone) it falls in — and the periods of the range they were active in are counted per (cohort,
 * active period). Read from /retention's rollup tables (V48, {@link RetentionRollup}: the identities first seen in the
 * range, the identities active per UTC hour) plus the raw tail after the watermark, in one snapshot; from the raw events
 * alone before the rollups hold them, or when a period boundary of the zone is not on a whole UTC hour (an hour's
 * activity cannot be split).
 */
final class RetentionQuery {

    /** A cohort's users active in a period: (cohort start, period start) → users. */
    record Cell(LocalDate cohort, LocalDate period) {
    }

    private RetentionQuery() {
    }

    static Uni<Map<Cell, Long>> answer(Snapshot s, CohortPeriod period, boolean visitors) {
        AnalyticsQuery q = s.query();
        List<LocalDate> periods = period.periods(q.from(), q.to());
        OffsetDateTime[] bounds = new OffsetDateTime[periods.size() + 1];
        for (int i = 0; i < periods.size(); i++) {
            bounds[i] = periods.get(i).atStartOfDay(q.zone()).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        }
        bounds[periods.size()] = period.next(periods.get(periods.size() - 1)).atStartOfDay(q.zone()).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        boolean hourly = periods.size() <= CohortMasks.MAX_PERIODS;
        for (OffsetDateTime b : bounds) {
            hourly &= b.toEpochSecond() % 3600 == 0;
        }
        if (!hourly) {
            return raw(s, period, visitors, periods, bounds);
        }
        return s.watermark().flatMap(w -> w == null ? raw(s, period, visitors, periods, bounds)
                : s.retentionReady().flatMap(ready -> ready ? rollups(s, visitors, periods, bounds, w) : raw(s, period, visitors, periods, bounds)));
    }

    /** From the raw events in one statement: first events, then activity per period. */
    private static Uni<Map<Cell, Long>> raw(Snapshot s, CohortPeriod period, boolean visitors, List<LocalDate> periods, OffsetDateTime[] bounds) {
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        String key = visitors ? "anon_id" : "user_sub";
        String start = f.bind(bounds[0]);
        String end = f.bind(bounds[bounds.length - 1]);
        String tz = f.bind(q.zone().getId());
        String filters = (q.customerId() == null ? "" : " AND customer_id = " + f.bind(q.customerId()))
                + (q.surface() == null ? "" : " AND surface = " + f.bind(q.surface()));
        String sql = "WITH firsts AS (SELECT " + key + " AS k, min(occurred_at) AS first FROM analytics_events WHERE " + key + " IS NOT NULL"
                + " AND occurred_at < " + end + filters + " GROUP BY 1),"
                + " cohort AS (SELECT k, " + period.sqlStart("first AT TIME ZONE " + tz) + " AS c FROM firsts WHERE first >= " + start + "),"
                + " active AS (SELECT DISTINCT " + key + " AS k, " + period.sqlStart("occurred_at AT TIME ZONE " + tz) + " AS a FROM analytics_events"
                + " WHERE " + key + " IS NOT NULL AND occurred_at >= " + start + " AND occurred_at < " + end + filters + ")"
                + " SELECT cohort.c, active.a, count(*) AS n FROM cohort JOIN active USING (k) GROUP BY 1, 2";
        return s.select(sql, f).map(rows -> {
            Map<Cell, Long> out = new HashMap<>();
            for (Row r : rows) {
                out.put(new Cell(r.getLocalDate("c"), r.getLocalDate("a")), r.getLong("n"));
            }
            return out;
        });
    }

    /**
     * From the rollup tables below the watermark and the raw events at or after it: the identities first seen in the
     * range by cohort, the identities active per hour, and per identity of the tail its first event and periods (with
     * its first-seen row, which the tail may move earlier).
     */
    private static Uni<Map<Cell, Long>> rollups(Snapshot s, boolean visitors, List<LocalDate> periods, OffsetDateTime[] bounds, Watermark w) {
        AnalyticsQuery q = s.query();
        String kind = visitors ? "v" : "u";
        long customer = q.customerId() == null ? 0 : q.customerId();
        String surface = q.surface() == null ? "*" : q.surface();
        // a customer alone: that customer's rows of every surface
        boolean everySurface = q.customerId() != null && q.surface() == null;

        SqlFilter fc = SqlFilter.none();
        String level = "kind = " + fc.bind(kind) + " AND customer_id = " + fc.bind(customer) + (everySurface ? "" : " AND surface = " + fc.bind(surface));
        String b = fc.bind(bounds) + "::timestamptz[]";
        String range = " >= " + fc.bind(bounds[0]) + " AND %s < " + fc.bind(bounds[bounds.length - 1]);
        String firsts = everySurface ? "(SELECT id, min(first_at) AS first_at FROM " + RetentionRollup.FIRST_SEEN + " WHERE " + level + " GROUP BY id) x"
                : RetentionRollup.FIRST_SEEN + " WHERE " + level + " AND first_at" + range.formatted("first_at");
        String cohorts = "SELECT width_bucket(first_at, " + b + ") AS c, array_agg(id) AS ids FROM " + firsts
                + (everySurface ? " WHERE first_at" + range.formatted("first_at") : "") + " GROUP BY 1";

        SqlFilter fa = SqlFilter.none();
        String active = "SELECT width_bucket(hour, " + fa.bind(bounds) + "::timestamptz[]) AS p, ids FROM " + RetentionRollup.ACTIVE + " WHERE kind = "
                + fa.bind(kind) + " AND customer_id = " + fa.bind(customer) + (everySurface ? "" : " AND surface = " + fa.bind(surface)) + " AND hour >= "
                + fa.bind(bounds[0]) + " AND hour < " + fa.bind(bounds[bounds.length - 1]);

        SqlFilter ft = SqlFilter.none();
        String key = visitors ? "anon_id::text" : "user_sub";
        String tb = ft.bind(bounds) + "::timestamptz[]";
        String t0 = ft.bind(bounds[0]);
        String tn = ft.bind(bounds[bounds.length - 1]);
        String tk = ft.bind(kind);
        String seenLevel = "f.kind = " + tk + " AND f.id = i.id AND f.customer_id = " + ft.bind(customer) + (everySurface ? "" : " AND f.surface = " + ft.bind(surface));
        String tail = "SELECT e.k, i.id, min(e.occurred_at) FILTER (WHERE e.occurred_at < " + tn + ") AS first,"
                + " array_agg(DISTINCT width_bucket(e.occurred_at, " + tb + ")) FILTER (WHERE e.occurred_at >= " + t0 + " AND e.occurred_at < " + tn + ") AS periods,"
                + " (SELECT min(f.first_at) FROM " + RetentionRollup.FIRST_SEEN + " f WHERE " + seenLevel + ") AS seen"
                + " FROM (SELECT " + key + " AS k, occurred_at FROM analytics_events WHERE " + w.sql(false, ft::bind) + " AND "
                + (visitors ? "true" : "user_sub IS NOT NULL") + (q.customerId() == null ? "" : " AND customer_id = " + ft.bind(q.customerId()))
                + (q.surface() == null ? "" : " AND surface = " + ft.bind(q.surface())) + ") e"
                + " LEFT JOIN " + RetentionRollup.IDENTITIES + " i ON i.kind = " + tk + " AND i.identity_key = e.k GROUP BY e.k, i.id";

        Uni<RowSet<Row>> c = s.select(cohorts, fc);
        Uni<RowSet<Row>> a = s.select(active, fa);
        Uni<RowSet<Row>> t = s.select(tail, ft);
        return Uni.combine().all().unis(c, a, t).asTuple().map(all -> {
            CohortMasks masks = new CohortMasks(bounds);
            for (Row r : all.getItem1()) {
                masks.cohort(r.getInteger("c") - 1, ints(r));
            }
            masks.index();
            for (Row r : all.getItem2()) {
                masks.active(r.getInteger("p") - 1, ints(r));
            }
            for (Row r : all.getItem3()) {
                Integer[] p = r.getArrayOfIntegers("periods");
                masks.tail(r.getInteger("id"), r.getOffsetDateTime("seen"), r.getOffsetDateTime("first"), p == null ? new Integer[0] : p);
            }
            Map<Cell, Long> out = new HashMap<>();
            masks.counts((cohort, period, n) -> out.put(new Cell(periods.get(cohort), periods.get(period)), n));
            return out;
        });
    }

    private static Integer[] ints(Row r) {
        return r.getArrayOfIntegers("ids");
    }
}
