package com.paubox.tracking.dashboard.repository.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.datasketches.hll.HllSketch;

import com.paubox.tracking.dashboard.model.LoginsReport;
import com.paubox.tracking.dashboard.model.LoginsReport.Breakdown;
import com.paubox.tracking.dashboard.model.LoginsReport.CodeCount;
import com.paubox.tracking.dashboard.privacy.SmallGroups;
import com.paubox.tracking.dashboard.privacy.SmallGroups.Group;
import com.paubox.tracking.dashboard.privacy.SmallGroups.Shown;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Measure;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.RollupTable;

import io.smallrye.mutiny.Uni;

/**
 * /logins: successes and failures, the failures per error code, and both per country, region, city, browser, OS and
 * device type — each breakdown's rows of fewer distinct signed-in users than the threshold folded into "other"
 * ({@link SmallGroups}).
 */
final class LoginsQuery {

    static final List<String> OUTCOME_KEYS = List.of("error_code", "geo_country", "geo_region", "geo_city", "browser", "os", "device_type");
    static final Measure SUCCESSES = Measure.sum("successes", "successes", "count(*) FILTER (WHERE type = 'login_success')");
    static final Measure FAILURES = Measure.sum("failures", "failures", "count(*) FILTER (WHERE type = 'login_failure')");
    static final List<Measure> OUTCOME_COUNTS = List.of(SUCCESSES, FAILURES);

    private LoginsQuery() {
    }

    /** {@code minGroupUsers}: 0 = nothing folded (and no users read). */
    static Uni<LoginsReport> answer(Snapshot s, int minGroupUsers) {
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        boolean users = minGroupUsers > 0;
        Aggregation outcomes = Aggregation.by(OUTCOME_KEYS, OUTCOME_KEYS.stream().map(k -> "coalesce(" + k + ", '')").toList())
                .raw(Filters.raw(q, f) + " AND type IN ('login_success', 'login_failure')").measures(OUTCOME_COUNTS)
                .distincts(users ? List.of(Figures.USERS) : List.of());
        // the outcomes cube has no customer column: a customer's logins are raw events only; nor, until they are
        // backfilled (V47), users in the rows folded before it
        Uni<Boolean> cubes = q.customerId() != null ? Uni.createFrom().item(false)
                : !users ? Uni.createFrom().item(true)
                : s.outcomeUsersReady();
        return cubes.flatMap(useCubes -> {
            Aggregation a = useCubes ? outcomes.cube(new CubeSource(RollupTable.OUTCOMES, (q.surface() == null ? "true" : "surface = " + f.bind(q.surface()))
                    + (q.pathPrefix() == null ? "" : " AND " + f.startsWith("page_path", q.pathPrefix())))) : outcomes;
            return s.plan(useCubes, true).flatMap(plan -> s.aggregate(plan, f, a));
        }).map(rows -> loginsReport(rows, minGroupUsers));
    }

    /** One breakdown row being summed: its counters and, until it has enough, the union of its users. */
    private static final class Row {
        long successes;
        long failures;
        Hll.Merge users = new Hll.Merge();
        /** At least the threshold's users seen: the union is no longer needed (null). */
        boolean enough;
    }

    private static LoginsReport loginsReport(Map<List<Object>, Acc> rows, int minGroupUsers) {
        long successes = 0;
        long failures = 0;
        List<Map<String, Row>> dims = new ArrayList<>();
        for (int i = 0; i < OUTCOME_KEYS.size(); i++) {
            dims.add(new HashMap<>());
        }
        for (Map.Entry<List<Object>, Acc> e : rows.entrySet()) {
            Acc acc = e.getValue();
            long s = acc.value(SUCCESSES);
            long fl = acc.value(FAILURES);
            successes += s;
            failures += fl;
            boolean anyUser = minGroupUsers > 0 && acc.distinct(Figures.USERS).value() > 0;
            HllSketch users = null; // the row's union as a sketch, made only if a breakdown row still needs it
            for (int i = 0; i < OUTCOME_KEYS.size(); i++) {
                Row r = dims.get(i).computeIfAbsent((String) e.getKey().get(i), k -> new Row());
                r.successes += s;
                r.failures += fl;
                // only "fewer than the threshold or not" matters: a row stops merging once it has that many
                if (anyUser && !r.enough) {
                    if (users == null) {
                        users = acc.distinct(Figures.USERS).result();
                    }
                    r.users.add(users);
                    if (r.users.value() >= minGroupUsers) {
                        r.enough = true;
                        r.users = null;
                    }
                }
            }
        }
        List<Group> codes = new ArrayList<>();
        dims.get(0).forEach((k, r) -> {
            if (!k.isEmpty()) {
                codes.add(new Group(k, 0, r.failures, users(r)));
            }
        });
        codes.sort(Comparator.comparingLong(Group::failures).reversed().thenComparing(Group::key));
        List<CodeCount> byCode = SmallGroups.fold(codes, minGroupUsers).stream().map(g -> new CodeCount(g.key(), g.failures(), g.suppressed())).toList();
        List<List<Breakdown>> breakdowns = new ArrayList<>();
        for (int i = 1; i < OUTCOME_KEYS.size(); i++) {
            List<Group> list = new ArrayList<>();
            dims.get(i).forEach((k, r) -> list.add(new Group(k.isEmpty() ? null : k, r.successes, r.failures, users(r))));
            list.sort(Comparator.comparingLong((Group b) -> b.successes() + b.failures()).reversed()
                    .thenComparing(Group::key, Comparator.nullsLast(Comparator.naturalOrder())));
            breakdowns.add(SmallGroups.fold(list, minGroupUsers).stream().map(LoginsQuery::breakdown).toList());
        }
        Double rate = successes + failures == 0 ? null
                : BigDecimal.valueOf(failures).divide(BigDecimal.valueOf(successes + failures), 4, RoundingMode.HALF_UP).doubleValue();
        return new LoginsReport(successes, failures, rate, minGroupUsers, byCode, breakdowns.get(0), breakdowns.get(1), breakdowns.get(2),
                breakdowns.get(3), breakdowns.get(4), breakdowns.get(5), Map.of());
    }

    /** The row's users, or Long.MAX_VALUE once it had enough (the exact figure is not needed, nor shown). */
    private static long users(Row r) {
        return r.enough ? Long.MAX_VALUE : r.users.value();
    }

    private static Breakdown breakdown(Shown g) {
        return new Breakdown(g.key(), g.successes(), g.failures(), g.suppressed());
    }
}
