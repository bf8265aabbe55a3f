package com.paubox.tracking.dashboard.repository.report;

import static com.paubox.tracking.dashboard.repository.report.Figures.avg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.model.Overview;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Distinct;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;

import io.smallrye.mutiny.Uni;

/** /overview: every counter and the distinct users, visitors and sessions of the range, from the totals cube and raw events. */
final class OverviewQuery {

    private OverviewQuery() {
    }

    static Uni<Overview> answer(Snapshot s) {
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        CubeSource cube = Filters.totals(q, f);
        List<Distinct> distincts = List.of(Figures.USERS, Figures.VISITORS, Figures.SESSIONS);
        Aggregation totals = Aggregation.by(List.of("0")).cube(cube).raw(Filters.raw(q, f)).measures(Figures.COUNTERS).distincts(distincts);
        return s.plan(cube != null, true).flatMap(plan -> s.aggregate(plan, f, totals)).map(m -> {
            Acc a = m.isEmpty() ? new Acc(Figures.COUNTERS.size(), distincts.size()) : m.values().iterator().next();
            long[] v = a.values;
            Map<String, Estimate> est = new LinkedHashMap<>();
            est.put("unique_users", a.distinct[0].estimate());
            est.put("unique_visitors", a.distinct[1].estimate());
            est.put("sessions", a.distinct[2].estimate());
            return new Overview(v[0], a.distinct[0].value(), a.distinct[1].value(), a.distinct[2].value(), avg(v[4], v[5]), avg(v[6], v[7]), v[1],
                    v[2], v[3], est);
        });
    }
}
