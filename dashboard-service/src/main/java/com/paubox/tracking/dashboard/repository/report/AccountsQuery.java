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
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.RollupTable;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Row;

/**
 * /accounts: every customer with an event in the range or in the previous period of the same length, with its
 * activity per ISO week of the range (page views, logins, last event, users and sessions sketches: the totals cube's
 * per-customer rows and the raw events they do not cover), its users of the previous period (the same), the users of
 * each key action (exact: the raw clicks of those labels, through their partial index, V44) and whether its first
 * event ever is inside the range. All in the one snapshot of the answer.
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
        AnalyticsQuery q = s.query();
        List<Uni<Map<List<Object>, Acc>>> parts = new ArrayList<>();
        for (IsoWeek w : IsoWeek.of(q.from(), q.to())) {
            parts.add(activity(s.over(new AnalyticsQuery(w.from(), w.to(), q.zone(), q.customerId(), q.surface(), null)), true));
        }
        parts.add(activity(s.over(previous(q)), false));
        Uni<Map<Long, Map<String, Long>>> keys = keyActionUsers(s, keyActions);
        return Uni.combine().all().unis(parts).with(results -> results).flatMap(results -> keys.flatMap(keyUsers -> {
            @SuppressWarnings("unchecked")
            List<Map<List<Object>, Acc>> r = (List<Map<List<Object>, Acc>>) (List<?>) results;
            List<Map<List<Object>, Acc>> weekly = r.subList(0, r.size() - 1);
            Map<List<Object>, Acc> previous = r.get(r.size() - 1);
            Set<Long> inRange = new TreeSet<>();
            weekly.forEach(m -> m.keySet().forEach(k -> inRange.add(id(k))));
            // the unions of many sketches: on a worker thread, not the event loop
            return firstEventInRange(s, inRange).emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(newOnes -> figures(weekly, previous, keyUsers, keyActions, inRange, newOnes));
        }));
    }

    /** One period's per-customer activity; {@code full}: every figure, else only users and the last event. */
    private static Uni<Map<List<Object>, Acc>> activity(Snapshot period, boolean full) {
        AnalyticsQuery q = period.query();
        return period.plan(true, true).flatMap(plan -> {
            SqlFilter f = SqlFilter.none();
            Aggregation a = Aggregation.by(CustomersQuery.CUSTOMER_KEY).cube(CustomersQuery.totalsCube(q, f, null))
                    .raw(CustomersQuery.withCustomer(q, f));
            a = full ? a.measures(List.of(Figures.PAGE_VIEWS, Figures.LOGIN_SUCCESSES, Figures.LOGIN_FAILURES, Figures.LAST_SEEN))
                    .distincts(List.of(Figures.USERS, Figures.SESSIONS))
                    : a.measures(List.of(Figures.LAST_SEEN)).distincts(List.of(Figures.USERS));
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
                + RollupTable.TOTALS.tableName() + " t WHERE t.customer_id = c.id AND t.grain = 'd' AND t.bucket <= " + f.bind(q.start().minusDays(1))
                + ") AND NOT EXISTS (SELECT 1 FROM analytics_events e WHERE e.customer_id = c.id AND e.occurred_at < " + f.bind(q.start()) + ")";
        return s.select(sql, f).map(rows -> {
            Set<Long> out = new HashSet<>();
            rows.forEach(r -> out.add(r.getLong(0)));
            return out;
        });
    }

    private static List<AccountFigures> figures(List<Map<List<Object>, Acc>> weekly, Map<List<Object>, Acc> previous,
            Map<Long, Map<String, Long>> keyUsers, List<String> keyActions, Set<Long> inRange, Set<Long> newOnes) {
        Set<Long> all = new TreeSet<>(inRange);
        previous.keySet().forEach(k -> all.add(id(k)));
        Map<Long, Acc> before = new HashMap<>();
        previous.forEach((k, a) -> before.put(id(k), a));
        List<AccountFigures> out = new ArrayList<>(all.size());
        for (long id : all) {
            List<Object> key = List.of(id);
            Hll.Merge users = new Hll.Merge();
            Hll.Merge sessions = new Hll.Merge();
            List<Long> weeklyUsers = new ArrayList<>(weekly.size());
            List<Estimate> weeklyEstimates = new ArrayList<>(weekly.size());
            long pageViews = 0;
            long successes = 0;
            long failures = 0;
            Long lastSeen = null;
            for (Map<List<Object>, Acc> week : weekly) {
                Acc a = week.get(key);
                if (a == null) {
                    weeklyUsers.add(0L);
                    weeklyEstimates.add(Estimate.EXACT_ZERO);
                    continue;
                }
                pageViews += a.values[0];
                successes += a.values[1];
                failures += a.values[2];
                lastSeen = lastSeen == null ? a.values[3] : Math.max(lastSeen, a.values[3]);
                users.add(a.distinct[0]);
                sessions.add(a.distinct[1]);
                weeklyUsers.add(a.distinct[0].value());
                weeklyEstimates.add(a.distinct[0].estimate());
            }
            Acc p = before.get(id);
            Hll.Merge previousUsers = p == null ? new Hll.Merge() : p.distinct[0];
            Map<String, Long> byLabel = keyUsers.getOrDefault(id, new HashMap<>());
            Map<String, Long> keys = new LinkedHashMap<>();
            keyActions.forEach(label -> keys.put(label, byLabel.getOrDefault(label, 0L)));
            out.add(new AccountFigures(id, users.value(), users.estimate(), previousUsers.value(), previousUsers.estimate(), pageViews, sessions.value(),
                    sessions.estimate(), weeklyUsers, weeklyEstimates, keys, byLabel.getOrDefault(null, 0L), successes, failures, lastSeen,
                    newOnes.contains(id)));
        }
        return out;
    }

    private static long id(List<Object> key) {
        return ((Number) key.get(0)).longValue();
    }
}
