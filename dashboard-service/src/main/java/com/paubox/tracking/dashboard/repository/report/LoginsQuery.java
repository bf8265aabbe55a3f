package com.paubox.tracking.dashboard.repository.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.model.LoginsReport;
import com.paubox.tracking.dashboard.model.LoginsReport.Breakdown;
import com.paubox.tracking.dashboard.model.LoginsReport.CodeCount;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Measure;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;
import com.paubox.tracking.dashboard.rollup.RollupTable;

import io.smallrye.mutiny.Uni;

/** /logins: successes and failures, the failures per error code, and both per country, region, city, browser, OS and device type. */
final class LoginsQuery {

    static final List<String> OUTCOME_KEYS = List.of("error_code", "geo_country", "geo_region", "geo_city", "browser", "os", "device_type");
    static final List<Measure> OUTCOME_COUNTS = List.of(Measure.sum("successes", "successes", "count(*) FILTER (WHERE type = 'login_success')"),
            Measure.sum("failures", "failures", "count(*) FILTER (WHERE type = 'login_failure')"));

    private LoginsQuery() {
    }

    static Uni<LoginsReport> answer(Snapshot s) {
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        // the outcomes cube has no customer column: a customer's logins are raw events only
        boolean cubes = q.customerId() == null;
        CubeSource cube = cubes ? new CubeSource(RollupTable.OUTCOMES, (q.surface() == null ? "true" : "surface = " + f.bind(q.surface()))
                + (q.pathPrefix() == null ? "" : " AND " + f.startsWith("page_path", q.pathPrefix()))) : null;
        String raw = Filters.raw(q, f) + " AND type IN ('login_success', 'login_failure')";
        List<String> rawKeys = OUTCOME_KEYS.stream().map(k -> "coalesce(" + k + ", '')").toList();
        Aggregation outcomes = Aggregation.by(OUTCOME_KEYS, rawKeys).cube(cube).raw(raw).measures(OUTCOME_COUNTS);
        return s.plan(cubes, true).flatMap(plan -> s.aggregate(plan, f, outcomes)).map(LoginsQuery::loginsReport);
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
}
