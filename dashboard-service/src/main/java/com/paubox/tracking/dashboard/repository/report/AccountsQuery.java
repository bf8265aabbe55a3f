package com.paubox.tracking.dashboard.repository.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Distinct;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Measure;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;
import com.paubox.tracking.dashboard.rollup.Grain;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.RollupTable;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Row;

/**
 * /accounts: every customer with an event in the range or in the previous period of the same length, with its page
 * views, logins, last event and users in the range, its users of the previous period (the totals cube's per-customer
 * rows and the raw events they do not cover), the users of each key action (exact: the raw clicks of those labels,
 * through their partial index, V44) and whether its first event ever is inside the range — what orders, filters and
 * classifies them; then, for the listed customers only, {@link #details}. Each in one snapshot.
 */
final class AccountsQuery {

    private AccountsQuery() {
    }

    /** The period of the same number of days just before the range. */
    static AnalyticsQuery previous(AnalyticsQuery q) {
        long days = q.to().toEpochDay() - q.from().toEpochDay() + 1;
        return new AnalyticsQuery(q.from().minusDays(days), q.from().minusDays(1), q.zone(), q.customerId(), q.surface(), null);
    }

    static Uni<List<AccountFigures>> answer(Snapshot s, List<String> keyActions) {
        Uni<Map<List<Object>, Acc>> now = activity(s, List.of(Figures.PAGE_VIEWS, Figures.LOGIN_SUCCESSES, Figures.LOGIN_FAILURES, Figures.LAST_SEEN),
                List.of(Figures.USERS), null);
        Uni<Map<List<Object>, Acc>> before = activity(s.over(previous(s.query())), List.of(), List.of(Figures.USERS), null);
        Uni<Map<Long, Map<String, Long>>> keys = keyActionUsers(s, keyActions);
        return Uni.combine().all().unis(now, before, keys).asTuple().flatMap(t -> {
            Set<Long> inRange = new TreeSet<>();
            t.getItem1().keySet().forEach(k -> inRange.add(id(k)));
            // the unions of many sketches: on a worker thread, not the event loop
            return firstEventInRange(s, inRange).emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(newOnes -> figures(t.getItem1(), t.getItem2(), t.getItem3(), keyActions, newOnes));
        });
    }

    /** For the listed customers only: sessions, and users per ISO week of the range (each week its own plan: local weeks). */
    static Uni<Map<Long, AccountDetails>> details(Snapshot s, List<Long> customers) {
        AnalyticsQuery q = s.query();
        List<IsoWeek> weeks = IsoWeek.of(q.from(), q.to());
        if (customers.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Long[] ids = customers.toArray(Long[]::new);
        List<Uni<Map<List<Object>, Acc>>> parts = new ArrayList<>();
        for (IsoWeek w : weeks) {
            parts.add(activity(s.over(new AnalyticsQuery(w.from(), w.to(), q.zone(), q.customerId(), q.surface(), null)), List.of(),
                    List.of(Figures.USERS, Figures.SESSIONS), ids));
        }
        return Uni.combine().all().unis(parts).with(results -> results).emitOn(Infrastructure.getDefaultWorkerPool()).map(results -> {
            Map<Long, AccountDetails> out = new HashMap<>();
            for (long id : customers) {
                List<Object> key = List.of(id);
                Hll.Merge sessions = new Hll.Merge();
                List<Long> users = new ArrayList<>(weeks.size());
                List<Estimate> estimates = new ArrayList<>(weeks.size());
                for (Object r : results) {
                    @SuppressWarnings("unchecked")
                    Acc a = ((Map<List<Object>, Acc>) r).get(key);
                    users.add(a == null ? 0L : a.distinct(Figures.USERS).value());
                    estimates.add(a == null ? Estimate.EXACT_ZERO : a.distinct(Figures.USERS).estimate());
                    if (a != null) {
                        sessions.add(a.distinct(Figures.SESSIONS));
                    }
                }
                out.put(id, new AccountDetails(sessions.value(), sessions.estimate(), users, estimates));
            }
            return out;
        });
    }

    /** One period's per-customer measures and distinct counts; {@code ids}: only these customers (null: every one). */
    private static Uni<Map<List<Object>, Acc>> activity(Snapshot period, List<Measure> measures, List<Distinct> distincts, Long[] ids) {
        AnalyticsQuery q = period.query();
        // week rows hold every surface only: with a surface asked for, day rows
        return (q.surface() == null ? period.planWithWeeks() : period.plan(true, true)).flatMap(plan -> {
            SqlFilter f = SqlFilter.none();
            String raw = CustomersQuery.withCustomer(q, f) + (ids == null ? "" : " AND customer_id = ANY(" + f.bind(ids) + ")");
            Aggregation a = Aggregation.by(CustomersQuery.CUSTOMER_KEY).cube(CustomersQuery.totalsCube(q, f, ids)).raw(raw).measures(measures)
                    .distincts(distincts);
            return period.aggregate(plan, f, a);
        });
    }

    /**
     * Per customer, the distinct signed-in users of each key action in the range, and (key null) of any of them: exact,
     * from the raw clicks of those labels.
     */
    private static Uni<Map<Long, Map<String, Long>>> keyActionUsers(Snapshot s, List<String> keyActions) {
        if (keyActions.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        String sql = "SELECT customer_id, label, count(DISTINCT user_sub) AS users FROM analytics_events WHERE type = 'click' AND label = ANY("
                + f.bind(keyActions.toArray(String[]::new)) + ") AND occurred_at >= " + f.bind(q.start()) + " AND occurred_at < " + f.bind(q.end())
                + " AND " + CustomersQuery.withCustomer(q, f) + " AND user_sub IS NOT NULL GROUP BY GROUPING SETS ((customer_id, label), (customer_id))";
        return s.select(sql, f).map(rows -> {
            Map<Long, Map<String, Long>> out = new HashMap<>();
            for (Row row : rows) {
                out.computeIfAbsent(row.getLong("customer_id"), k -> new HashMap<>()).put(row.getString("label"), row.getLong("users"));
            }
            return out;
        });
    }

    /**
     * Of these customers, those with no event before the range: no day row of the totals cube ending by its start (an
     * index seek each) and, for the rest only, no raw event before it (events not folded yet, or the range's first
     * partial UTC day).
     */
    private static Uni<Set<Long>> firstEventInRange(Snapshot s, Set<Long> customers) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        String sql = "SELECT c.id FROM unnest(" + f.bind(customers.toArray(Long[]::new)) + "::bigint[]) AS c(id) WHERE NOT EXISTS (SELECT 1 FROM "
                + RollupTable.TOTALS.tableName() + " t WHERE t.customer_id = c.id AND t.grain = " + Grain.DAY.sql() + " AND t.bucket <= " + f.bind(q.start().minusDays(1))
                + ") AND NOT EXISTS (SELECT 1 FROM analytics_events e WHERE e.customer_id = c.id AND e.occurred_at < " + f.bind(q.start()) + ")";
        return s.select(sql, f).map(rows -> {
            Set<Long> out = new HashSet<>();
            rows.forEach(r -> out.add(r.getLong(0)));
            return out;
        });
    }

    private static List<AccountFigures> figures(Map<List<Object>, Acc> now, Map<List<Object>, Acc> before, Map<Long, Map<String, Long>> keyUsers,
            List<String> keyActions, Set<Long> newOnes) {
        Set<Long> all = new TreeSet<>();
        now.keySet().forEach(k -> all.add(id(k)));
        before.keySet().forEach(k -> all.add(id(k)));
        List<AccountFigures> out = new ArrayList<>(all.size());
        for (long id : all) {
            List<Object> key = List.of(id);
            Acc a = now.get(key);
            Acc p = before.get(key);
            Hll.Merge users = a == null ? new Hll.Merge() : a.distinct(Figures.USERS);
            Hll.Merge previousUsers = p == null ? new Hll.Merge() : p.distinct(Figures.USERS);
            Map<String, Long> byLabel = keyUsers.getOrDefault(id, new HashMap<>());
            Map<String, Long> keys = new LinkedHashMap<>();
            keyActions.forEach(label -> keys.put(label, byLabel.getOrDefault(label, 0L)));
            out.add(new AccountFigures(id, users.value(), users.estimate(), previousUsers.value(), previousUsers.estimate(), a == null ? 0 : a.value(Figures.PAGE_VIEWS),
                    keys, byLabel.getOrDefault(null, 0L), a == null ? 0 : a.value(Figures.LOGIN_SUCCESSES), a == null ? 0 : a.value(Figures.LOGIN_FAILURES), a == null ? null : a.value(Figures.LAST_SEEN),
                    newOnes.contains(id)));
        }
        return out;
    }

    private static long id(List<Object> key) {
        return ((Number) key.get(0)).longValue();
    }
}
