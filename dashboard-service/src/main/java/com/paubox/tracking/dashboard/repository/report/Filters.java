package com.paubox.tracking.dashboard.repository.report;

import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.rollup.RollupTable;
import com.paubox.tracking.dashboard.rollup.Section;

/** The query's dimension filters as SQL conditions shared by several reports; their values are bound into the caller's {@link SqlFilter}. */
final class Filters {

    private Filters() {
    }

    /** The raw-event WHERE of the query's dimension filters, bound into {@code f}. */
    static String raw(AnalyticsQuery q, SqlFilter f) {
        StringBuilder where = new StringBuilder("true");
        if (q.customerId() != null) {
            where.append(" AND customer_id = ").append(f.bind(q.customerId()));
        }
        if (q.surface() != null) {
            where.append(" AND surface = ").append(f.bind(q.surface()));
        }
        if (q.pathPrefix() != null) {
            where.append(" AND page_path LIKE ").append(f.bind(SqlFilter.likePrefix(q.pathPrefix())));
        }
        return where.toString();
    }

    /**
     * The totals and paths cubes' rows of the asked surface; without one, the '*' day rows (every surface) and the
     * hour rows of each surface.
     */
    static String surface(AnalyticsQuery q, SqlFilter f) {
        return " AND " + (q.surface() == null ? RollupQuery.EVERY_SURFACE : "surface = " + f.bind(q.surface()));
    }

    /**
     * The cube that answers totals for the query's filters: per customer (or all customers) without a path prefix,
     * per section with a prefix sections answer ({@link Section}) and no customer, else per path; null when only raw
     * events can (a customer and a prefix together).
     */
    static CubeSource totals(AnalyticsQuery q, SqlFilter f) {
        if (q.pathPrefix() == null) {
            return new CubeSource(RollupTable.TOTALS, "customer_id = " + (q.customerId() == null ? "0" : f.bind(q.customerId())) + surface(q, f));
        }
        if (q.customerId() == null) {
            boolean bySection = Section.answers(q.pathPrefix());
            return new CubeSource(bySection ? RollupTable.SECTIONS : RollupTable.PATHS,
                    f.startsWith(bySection ? "section" : "page_path", q.pathPrefix()) + surface(q, f));
        }
        return null;
    }
}
