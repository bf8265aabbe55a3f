package com.paubox.tracking.dashboard.repository.report;

import static com.paubox.tracking.dashboard.repository.report.Figures.avg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.model.Overview;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;
import com.paubox.tracking.dashboard.rollup.Hll;

import io.smallrye.mutiny.Uni;

/** /overview: every counter and the distinct users, visitors and sessions of the range, from the totals cube and raw events. */
final class OverviewQuery {

    private OverviewQuery() {
    }

    static Uni<Overview> answer(Snapshot s) {
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        CubeSource cube = Filters.totals(q, f);
        Aggregation totals = Aggregation.by(List.of("0")).cube(cube).raw(Filters.raw(q, f)).measures(Figures.COUNTERS)
                .distincts(List.of(Figures.USERS, Figures.VISITORS, Figures.SESSIONS));
        return s.plan(cube != null, true).flatMap(plan -> s.aggregate(plan, f, totals)).map(m -> {
            Acc a = m.isEmpty() ? new Acc(totals) : m.values().iterator().next();
            Hll.Merge users = a.distinct(Figures.USERS);
            Hll.Merge visitors = a.distinct(Figures.VISITORS);
            Hll.Merge sessions = a.distinct(Figures.SESSIONS);
            Map<String, Estimate> est = new LinkedHashMap<>();
            est.put("unique_users", users.estimate());
            est.put("unique_visitors", visitors.estimate());
            est.put("sessions", sessions.estimate());
            return new Overview(a.value(Figures.PAGE_VIEWS), users.value(), visitors.value(), sessions.value(),
                    avg(a.value(Figures.VISIBLE_SUM), a.value(Figures.VISIBLE_N)), avg(a.value(Figures.DURATION_SUM), a.value(Figures.DURATION_N)),
                    a.value(Figures.CLICKS), a.value(Figures.LOGIN_SUCCESSES), a.value(Figures.LOGIN_FAILURES), est);
        });
    }
}
