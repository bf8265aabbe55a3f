package com.paubox.tracking.dashboard.repository.report;

import com.paubox.tracking.dashboard.rollup.RollupTable;

/** The cube rows an aggregation reads: a rollup table and a condition on its rows (constant SQL and placeholders of the caller's SqlFilter). */
record CubeSource(RollupTable table, String where) {

    /** The same rows narrowed by {@code condition}. */
    CubeSource and(String condition) {
        return new CubeSource(table, where + " AND " + condition);
    }
}
