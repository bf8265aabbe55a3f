package com.paubox.tracking.dashboard.repository.report;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.retention.CohortPeriod;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * /retention: exact, from the raw events, in one statement — each user's (or visitor's) first event ever (before the
 * range's end, with the query's filters), the period it falls in (local to the zone) as their cohort, and the periods
 * of the range they were active in; counted per (cohort, active period). Erased users are gone with their events.
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
        LocalDate last = periods.get(periods.size() - 1);
        SqlFilter f = SqlFilter.none();
        String key = visitors ? "anon_id" : "user_sub";
        String start = f.bind(periods.get(0).atStartOfDay(q.zone()).toOffsetDateTime());
        String end = f.bind(period.next(last).atStartOfDay(q.zone()).toOffsetDateTime());
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
}
