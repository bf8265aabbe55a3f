package com.paubox.tracking.dashboard.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.rollup.Cube;
import com.paubox.tracking.dashboard.rollup.Cubes;
import com.paubox.tracking.dashboard.rollup.Fold;
import com.paubox.tracking.dashboard.rollup.Fold.Cell;
import com.paubox.tracking.dashboard.rollup.Grain;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.SketchColumns;
import com.paubox.tracking.dashboard.rollup.Watermark;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The users sketch of the login outcome rows (V47) folded before the fold wrote one: built once, UTC day by UTC day,
 * from the login events those rows counted (every event before the watermark: the rows hold exactly those), by the
 * rollup job's first window after the migration, under the rollup lock; then recorded in {@code analytics_rollup_backfill}.
 * Only the sketch is written — the counters stay as they are — so a row whose events are gone keeps no users, and
 * /logins folds it into "other": the safe side. Until then /logins reads raw events ({@link #ready}).
 */
public final class OutcomeUsersBackfill {

    static final BackfillMarker MARKER = new BackfillMarker("outcome_users");

    private OutcomeUsersBackfill() {
    }

    /** Whether /logins may read the outcome rows' users. */
    public static Uni<Boolean> ready(SqlClient db) {
        return MARKER.ready(db);
    }

    /** Builds the sketches once (the caller holds the rollup lock; nothing folds meanwhile). */
    static Uni<Void> ensure(SqlConnection conn) {
        return MARKER.once(conn, () -> RollupRepository.watermark(conn).flatMap(w -> build(conn, w)));
    }

    private static Uni<Void> build(SqlConnection conn, Watermark watermark) {
        if (watermark == null) {
            return Uni.createFrom().voidItem();
        }
        return conn.query("SELECT DISTINCT bucket FROM " + Cubes.OUTCOMES.tableName() + " WHERE grain = " + Grain.DAY.sql() + " ORDER BY 1").execute()
                .flatMap(rows -> {
                    List<OffsetDateTime> days = new ArrayList<>();
                    rows.forEach(r -> days.add(r.getOffsetDateTime("bucket")));
                    // one day's login events in memory at a time
                    return Multi.createFrom().iterable(days).onItem().transformToUniAndConcatenate(day -> day(conn, day, watermark))
                            .collect().last().replaceWithVoid();
                });
    }

    private static Uni<Void> day(SqlConnection conn, OffsetDateTime day, Watermark watermark) {
        SqlFilter f = SqlFilter.none();
        String sql = "SELECT " + RollupRepository.EVENT_COLUMNS + " FROM analytics_events WHERE type IN ('login_success', 'login_failure')"
                + " AND occurred_at >= " + f.bind(day) + " AND occurred_at < " + f.bind(day.plusDays(1)) + " AND " + watermark.sql(true, f::bind);
        return conn.preparedQuery(sql).execute(f.tuple()).emitOn(Infrastructure.getDefaultWorkerPool()).map(rows -> {
            Fold fold = new Fold();
            rows.forEach(r -> fold.add(RollupRepository.event(r)));
            return fold.outcomes;
        }).flatMap(cells -> setUsers(conn, cells));
    }

    /** Sets the users sketch of the stored rows of the cells that have one (no row is added, no counter changed). */
    private static Uni<Void> setUsers(SqlConnection conn, Map<Fold.OutcomeKey, Cell> cells) {
        List<Fold.OutcomeKey> keys = cells.entrySet().stream().filter(e -> e.getValue().users != null).map(Map.Entry::getKey).toList();
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Cube<Fold.OutcomeKey> cube = Cubes.OUTCOMES;
        String[] cols = java.util.Arrays.copyOf(cube.keyCols(), cube.keyCols().length + 1);
        cols[cols.length - 1] = "users";
        String[] types = java.util.Arrays.copyOf(cube.keyTypes(), cols.length);
        types[cols.length - 1] = "bytea";
        Object[][] params = RollupRepository.columns(keys.size(), cols.length, i -> {
            Object[] k = cube.key().apply(keys.get(i));
            Object[] row = java.util.Arrays.copyOf(k, cols.length);
            row[k.length] = SketchColumns.buffer(Hll.bytes(cells.get(keys.get(i)).users));
            return row;
        }, types);
        StringBuilder unnest = new StringBuilder();
        StringBuilder on = new StringBuilder();
        for (int c = 0; c < cols.length; c++) {
            unnest.append(c == 0 ? "" : ", ").append('$').append(c + 1).append("::").append(types[c]).append("[]");
        }
        for (int c = 0; c < cube.keyCols().length; c++) {
            on.append(c == 0 ? "" : " AND ").append("t.").append(cube.keyCols()[c]).append(" = k.").append(cube.keyCols()[c]);
        }
        return conn.preparedQuery("UPDATE " + cube.tableName() + " t SET users = k.users FROM unnest(" + unnest + ") AS k(" + String.join(", ", cols)
                + ") WHERE " + on).execute(Tuple.from(java.util.Arrays.asList((Object[]) params))).replaceWithVoid();
    }
}
