package com.paubox.tracking.dashboard.repository.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.model.ClicksReport;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Measure;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Top;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.Items;
import com.paubox.tracking.dashboard.rollup.RollupTable;
import com.paubox.tracking.dashboard.rollup.Section;

import io.smallrye.mutiny.Uni;

/**
 * /clicks: labels ranked by clicks, then for the listed ones their users, top page and top element tag. The raw events the
 * cube rows do not cover are read once, by (label, page, tag) with their users, beside the cube rows' ranking; the
 * listed labels' cube rows then add their users and their pages' and tags' sketches (or, per path, their counts).
 * Cube rows: without a path prefix the per-label rows, with one that sections answer the per-(label, section) day
 * rows, with any other prefix the per-(label, path, element) day rows; raw events for the partial days of day rows.
 */
final class ClicksQuery {

    static final Top TOP_PAGES = new Top("pages", "pages", Items.PAGES);
    static final Top TOP_ELEMENTS = new Top("elements", "elements", Items.ELEMENTS);

    /** Clicks of the label cubes; raw events are filtered to clicks. */
    static final Measure CLICKS = Measure.sum("clicks", "clicks", "count(*)");
    static final List<String> RAW_CLICK_KEYS = List.of("coalesce(label, '')", "page_path", "coalesce(element, '')");
    static final List<String> LABEL_KEY = List.of("label");

    private ClicksQuery() {
    }

    static Uni<ClicksReport> answer(Snapshot s, int limit) {
        AnalyticsQuery q = s.query();
        boolean cubes = q.customerId() == null;
        boolean dayRows = q.pathPrefix() != null;
        boolean perPath = dayRows && !Section.answers(q.pathPrefix());
        List<Measure> clicks = List.of(CLICKS);
        return s.plan(cubes, true).map(p -> dayRows ? p.daysOnly() : p).flatMap(plan -> {
            SqlFilter r = SqlFilter.none();
            Uni<Map<List<Object>, Acc>> raw = s.aggregate(plan.rawOnly(), r, Aggregation.by(RAW_CLICK_KEYS)
                    .raw(Filters.raw(q, r) + " AND type = 'click'").measures(clicks).distincts(List.of(Figures.USERS)));
            SqlFilter f = SqlFilter.none();
            Uni<Map<List<Object>, Acc>> ranked = cubes
                    ? s.aggregate(plan.cubeOnly(), f, Aggregation.by(LABEL_KEY).cube(labelsCube(q, f)).measures(clicks))
                    : Uni.createFrom().item(Map.of());
            return Uni.combine().all().unis(ranked, raw).asTuple().flatMap(t -> {
                Map<String, LabelClicks> byLabel = new HashMap<>();
                t.getItem1().forEach((k, a) -> byLabel.computeIfAbsent((String) k.get(0), LabelClicks::new).clicks += a.value(CLICKS));
                t.getItem2().forEach((k, a) -> byLabel.computeIfAbsent((String) k.get(0), LabelClicks::new).addRaw(k, a));
                List<LabelClicks> top = byLabel.values().stream().filter(l -> l.clicks > 0)
                        .sorted(Comparator.comparingLong((LabelClicks l) -> -l.clicks).thenComparing(l -> l.label)).limit(limit).toList();
                if (top.isEmpty() || !cubes || plan.cubeOnly().isEmpty()) {
                    return Uni.createFrom().item(clicksReport(top));
                }
                String[] labels = top.stream().map(l -> l.label).toArray(String[]::new);
                SqlFilter g = SqlFilter.none();
                CubeSource cube = labelsCube(q, g).and("label = ANY(" + g.bind(labels) + ")");
                Aggregation listed = Aggregation.by(perPath ? List.of("label", "page_path", "element") : LABEL_KEY).cube(cube)
                        .measures(perPath ? clicks : List.of()).distincts(List.of(Figures.USERS))
                        .tops(perPath ? List.of() : List.of(TOP_PAGES, TOP_ELEMENTS));
                return s.aggregate(plan.cubeOnly(), g, listed).map(rows -> {
                    rows.forEach((k, a) -> byLabel.get((String) k.get(0)).addCube(k, a, perPath));
                    return clicksReport(top);
                });
            });
        });
    }

    /**
     * The label rows for the query: without a path prefix the per-label cube (its '*' rows when no surface is asked
     * for); with one the per-(label, section) day rows of the sections it matches when sections answer it
     * ({@link Section}), else the per-(label, path, element) day rows under the prefix.
     */
    private static CubeSource labelsCube(AnalyticsQuery q, SqlFilter f) {
        if (q.pathPrefix() != null) {
            boolean bySection = Section.answers(q.pathPrefix());
            return new CubeSource(bySection ? RollupTable.LABEL_SECTIONS : RollupTable.LABEL_PATHS, f.startsWith(bySection ? "section" : "page_path",
                    q.pathPrefix()) + (q.surface() == null ? "" : " AND surface = " + f.bind(q.surface())));
        }
        return new CubeSource(RollupTable.LABELS, "surface = " + (q.surface() == null ? "'*'" : f.bind(q.surface())));
    }

    /** One label's clicks, users, and pages and tags (sketches and counts) as the pieces of a /clicks answer arrive. */
    private static final class LabelClicks {
        final String label;
        long clicks;
        final Hll.Merge users = new Hll.Merge();
        final Items.Merge pages = new Items.Merge(Items.PAGES);
        final Items.Merge elements = new Items.Merge(Items.ELEMENTS);

        LabelClicks(String label) {
            this.label = label;
        }

        /** A raw (label, page, tag) group: counted, its users added; an empty tag never wins. */
        void addRaw(List<Object> key, Acc a) {
            clicks += a.value(CLICKS);
            users.add(a.distinct(Figures.USERS));
            pages.add((String) key.get(1), a.value(CLICKS));
            elements.add((String) key.get(2), a.value(CLICKS));
        }

        /** The cube rows of a listed label: users, and the pages' and tags' sketches (per path: their counts). */
        void addCube(List<Object> key, Acc a, boolean perPath) {
            users.add(a.distinct(Figures.USERS));
            if (perPath) {
                pages.add((String) key.get(1), a.value(CLICKS));
                elements.add((String) key.get(2), a.value(CLICKS));
            } else {
                pages.add(a.top(TOP_PAGES).result());
                elements.add(a.top(TOP_ELEMENTS).result());
            }
        }
    }

    private static ClicksReport clicksReport(List<LabelClicks> top) {
        List<ClicksReport.Row> rows = new ArrayList<>();
        for (LabelClicks l : top) {
            rows.add(new ClicksReport.Row(l.label.isEmpty() ? null : l.label, l.elements.top(), l.clicks, l.users.value(), l.pages.top(),
                    Map.of("unique_users", l.users.estimate())));
        }
        return new ClicksReport(rows);
    }
}
