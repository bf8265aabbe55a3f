package com.paubox.tracking.dashboard.rollup;

/**
 * The rollup tables (V31/V32 and later), named once: the reports read them, RollupRepository folds into and empties them.
 * How each cube's rows are keyed, valued and written: {@link Cubes}.
 */
public enum RollupTable {
    TOTALS("analytics_rollup_totals"),
    PATHS("analytics_rollup_paths"),
    SECTIONS("analytics_rollup_sections"),
    LABELS("analytics_rollup_labels"),
    LABEL_PATHS("analytics_rollup_label_paths"),
    LABEL_SECTIONS("analytics_rollup_label_sections"),
    CUSTOMER_SECTIONS("analytics_rollup_customer_sections"),
    OUTCOMES("analytics_rollup_outcomes"),
    /** Per-user session rows, keyed by hour: not a cube. */
    USER_SESSIONS("analytics_rollup_user_sessions"),
    /** /retention's identities as dense ids (V48). */
    IDENTITIES("analytics_rollup_identities"),
    /** /retention: each identity's first event ever per level (V48). */
    FIRST_SEEN("analytics_rollup_first_seen"),
    /** /retention: the ids active per hour and level (V48). */
    ACTIVE("analytics_rollup_active"),
    /** What the rollups hold: one row, the position every event before which is folded (V42). */
    WATERMARK("analytics_rollup_watermark"),
    /** The one-time backfills that are done, one row each (V45). */
    BACKFILL("analytics_rollup_backfill");

    private final String tableName;

    RollupTable(String tableName) {
        this.tableName = tableName;
    }

    public String tableName() {
        return tableName;
    }
}
