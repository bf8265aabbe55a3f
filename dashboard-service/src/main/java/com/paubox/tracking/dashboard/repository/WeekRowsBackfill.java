package com.paubox.tracking.dashboard.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.paubox.tracking.dashboard.rollup.Fold;
import com.paubox.tracking.dashboard.rollup.Grain;
import com.paubox.tracking.dashboard.rollup.RollupTable;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The per-customer week rows (V45) of the events folded before the fold wrote them: built once, week by week, as the
 * merge of each week's day rows (the erasure's rebuild, {@link ErasureRebuild#weekRows}), by the rollup job's first
 * window after the migration, under the rollup lock; then recorded in {@code analytics_rollup_backfill}. Until then
 * no answer reads week rows ({@link #ready}).
 */
public final class WeekRowsBackfill {

    static final BackfillMarker MARKER = new BackfillMarker("customer_weeks");

    private WeekRowsBackfill() {
    }

    /** Whether answers may read week rows. */
    public static Uni<Boolean> ready(SqlClient db) {
        return MARKER.ready(db);
    }

    /** Builds the week rows once (the caller holds the rollup lock; nothing folds meanwhile). */
    static Uni<Void> ensure(SqlConnection conn) {
        return MARKER.once(conn, () -> build(conn));
    }

    private static Uni<Void> build(SqlConnection conn) {
        String totals = RollupTable.TOTALS.tableName();
        // Monday 00:00 UTC of every day row's day (the session's time zone aside)
        return conn.query("SELECT DISTINCT date_trunc('week', bucket AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS week FROM " + totals
                + " WHERE grain = " + Grain.DAY.sql() + " AND surface = '*' AND customer_id <> 0 ORDER BY 1").execute().flatMap(rows -> {
                    List<OffsetDateTime> weeks = new ArrayList<>();
                    rows.forEach(r -> weeks.add(r.getOffsetDateTime("week")));
                    // one week at a time: its customers' day rows in memory, no more
                    return Multi.createFrom().iterable(weeks).onItem().transformToUniAndConcatenate(week -> conn.preparedQuery("SELECT DISTINCT customer_id FROM "
                            + totals + " WHERE grain = " + Grain.DAY.sql() + " AND surface = '*' AND customer_id <> 0 AND bucket >= $1 AND bucket < $1 + interval '7 days'")
                            .execute(Tuple.of(week)).flatMap(customers -> {
                                List<Fold.TotalsKey> keys = new ArrayList<>();
                                for (Row c : customers) {
                                    keys.add(new Fold.TotalsKey(Grain.WEEK, week, "*", c.getLong("customer_id")));
                                }
                                return ErasureRebuild.weekRows(conn, keys);
                            }))
                            .collect().last().replaceWithVoid();
                });
    }
}
