package com.paubox.tracking.dashboard.repository;

import java.util.function.Supplier;

import com.paubox.tracking.dashboard.rollup.RollupTable;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A one-time rollup backfill's row in {@code analytics_rollup_backfill} (V45), by its name ({@code what}): the rollup job
 * builds what a migration added for the events folded before it once, under the rollup lock, then records it here;
 * until then answers do not read what it builds.
 */
record BackfillMarker(String what) {

    private static final String TABLE = RollupTable.BACKFILL.tableName();

    /** Whether the backfill is done (as {@code db} sees it). */
    Uni<Boolean> ready(SqlClient db) {
        return db.preparedQuery("SELECT EXISTS (SELECT 1 FROM " + TABLE + " WHERE what = $1) AS ready").execute(Tuple.of(what))
                .map(rows -> rows.iterator().next().getBoolean("ready"));
    }

    /** Runs {@code build} and records it, unless it is recorded already (the caller holds the rollup lock). */
    Uni<Void> once(SqlConnection conn, Supplier<Uni<?>> build) {
        return ready(conn).flatMap(done -> done ? Uni.createFrom().voidItem() : build.get()
                .flatMap(x -> conn.preparedQuery("INSERT INTO " + TABLE + " (what, done_at) VALUES ($1, now())").execute(Tuple.of(what)))
                .replaceWithVoid());
    }
}
