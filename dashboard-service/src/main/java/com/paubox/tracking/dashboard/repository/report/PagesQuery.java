package com.paubox.tracking.dashboard.repository.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.model.PagesReport;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Distinct;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;
import com.paubox.tracking.dashboard.rollup.RollupTable;

import io.smallrye.mutiny.Uni;

/** /pages: paths ranked by page views (per-path cube rows and raw events), then the listed paths' signed-in viewers. */
final class PagesQuery {

    static final List<String> PATH_KEY = List.of("page_path");
    static final Distinct VIEWERS = new Distinct("viewers", "viewers", Figures.USER_HASH, "user_sub IS NOT NULL");

    private PagesQuery() {
    }

    static Uni<PagesReport> answer(Snapshot s, int limit) {
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        CubeSource cube = q.customerId() != null ? null : pathsCube(q, f);
        Aggregation ranking = Aggregation.by(PATH_KEY).cube(cube).raw(Filters.raw(q, f) + " AND type IN ('page_view', 'time_on_page')")
                .measures(List.of(Figures.PAGE_VIEWS, Figures.VISIBLE_SUM, Figures.VISIBLE_N, Figures.DURATION_N));
        return s.plan(cube != null, true).flatMap(plan -> s.aggregate(plan, f, ranking).flatMap(totals -> {
            List<Map.Entry<List<Object>, Acc>> top = totals.entrySet().stream()
                    .filter(e -> e.getValue().value(Figures.PAGE_VIEWS) > 0 || e.getValue().value(Figures.VISIBLE_N) > 0
                            || e.getValue().value(Figures.DURATION_N) > 0)
                    .sorted(Comparator.<Map.Entry<List<Object>, Acc>>comparingLong(e -> -e.getValue().value(Figures.PAGE_VIEWS))
                            .thenComparing(e -> (String) e.getKey().get(0)))
                    .limit(limit).toList();
            String[] paths = top.stream().map(e -> (String) e.getKey().get(0)).toArray(String[]::new);
            SqlFilter g = SqlFilter.none();
            CubeSource listedCube = cube == null ? null : pathsCube(q, g).and("page_path = ANY(" + g.bind(paths) + ")");
            Aggregation viewers = Aggregation.by(PATH_KEY).cube(listedCube)
                    .raw(Filters.raw(q, g) + " AND type = 'page_view' AND page_path = ANY(" + g.bind(paths) + ")").distincts(List.of(VIEWERS));
            Uni<Map<List<Object>, Acc>> users = paths.length == 0 ? Uni.createFrom().item(Map.of()) : s.aggregate(plan, g, viewers);
            return users.map(u -> {
                List<PagesReport.Row> rows = new ArrayList<>();
                for (Map.Entry<List<Object>, Acc> e : top) {
                    Acc d = u.get(e.getKey());
                    Acc v = e.getValue();
                    Estimate est = d == null ? Estimate.EXACT_ZERO : d.distinct(VIEWERS).estimate();
                    rows.add(new PagesReport.Row((String) e.getKey().get(0), v.value(Figures.PAGE_VIEWS), d == null ? 0 : d.distinct(VIEWERS).value(),
                            Figures.avg(v.value(Figures.VISIBLE_SUM), v.value(Figures.VISIBLE_N)),
                            Map.of("unique_users", est)));
                }
                return new PagesReport(rows);
            });
        }));
    }

    private static CubeSource pathsCube(AnalyticsQuery q, SqlFilter f) {
        StringBuilder where = new StringBuilder("true").append(Filters.surface(q, f));
        if (q.pathPrefix() != null) {
            where.append(" AND ").append(f.startsWith("page_path", q.pathPrefix()));
        }
        return new CubeSource(RollupTable.PATHS, where.toString());
    }
}
