package com.paubox.tracking.dashboard.repository.report;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.paubox.tracking.dashboard.repository.OutcomeUsersBackfill;
import com.paubox.tracking.dashboard.repository.RetentionRollup;
import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.WeekRowsBackfill;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;
import com.paubox.tracking.dashboard.rollup.Watermark;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * One answer's reads, all in one REPEATABLE READ, READ ONLY snapshot: every statement sees the same rollup state
 * (watermark and cube rows), so a window committing meanwhile can neither count events twice nor drop them. Its
 * statements may be issued concurrently: a connection runs them one after the other, and a heavy answer
 * ({@link #readInParallel}) spreads them over two connections that share the snapshot ({@code pg_export_snapshot} /
 * {@code SET TRANSACTION SNAPSHOT}), so PostgreSQL runs two at once. A report is handed only this, never the pool, so
 * none of its statements can run outside the snapshot.
 */
final class Snapshot {

    private static final String READ_ONLY = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    /** Answers reading on two connections at once, at most: the rest read on one, so they can never hold the pool between them. */
    static final int PARALLEL_ANSWERS = 4;
    private static final AtomicInteger parallel = new AtomicInteger();

    private final List<SqlConnection> lanes;
    /** Statements in flight per lane (shared by every {@link #over} view of this snapshot; results may complete on worker threads). */
    private final AtomicIntegerArray busy;
    private final AnalyticsQuery query;

    private Snapshot(List<SqlConnection> lanes, AtomicIntegerArray busy, AnalyticsQuery query) {
        this.lanes = lanes;
        this.busy = busy;
        this.query = query;
    }

    static <T> Uni<T> read(Pool pool, AnalyticsQuery query, Function<Snapshot, Uni<T>> answer) {
        return pool.withTransaction(conn -> conn.query(READ_ONLY).execute().flatMap(x -> answer.apply(new Snapshot(List.of(conn), new AtomicIntegerArray(1), query))));
    }

    /**
     * As {@link #read}, the statements spread over two connections in one snapshot — unless {@value #PARALLEL_ANSWERS}
     * answers do so already (then on one: never waiting for a second connection while others hold theirs).
     */
    static <T> Uni<T> readInParallel(Pool pool, AnalyticsQuery query, Function<Snapshot, Uni<T>> answer) {
        if (parallel.incrementAndGet() > PARALLEL_ANSWERS) {
            parallel.decrementAndGet();
            return read(pool, query, answer);
        }
        return pool.withTransaction(first -> first.query(READ_ONLY).execute().flatMap(x -> first.query("SELECT pg_export_snapshot()").execute())
                .flatMap(rows -> {
                    String id = rows.iterator().next().getString(0);
                    if (!SNAPSHOT_ID.matcher(id).matches()) {
                        throw new IllegalStateException("unexpected snapshot id " + id);
                    }
                    return pool.withTransaction(second -> second.query(READ_ONLY).execute()
                            .flatMap(y -> second.query("SET TRANSACTION SNAPSHOT '" + id + "'").execute())
                            .flatMap(y -> answer.apply(new Snapshot(List.of(first, second), new AtomicIntegerArray(2), query))));
                })).eventually(parallel::decrementAndGet);
    }

    /** What pg_export_snapshot() answers (inlined into SET TRANSACTION SNAPSHOT, which takes no parameter). */
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]{1,64}");

    /** Runs a statement on the lane with the fewest statements in flight, chosen when it is issued (not when it is built). */
    private <T> Uni<T> run(Function<SqlConnection, Uni<T>> statement) {
        return Uni.createFrom().deferred(() -> {
            int chosen = leastBusy();
            busy.incrementAndGet(chosen);
            return statement.apply(lanes.get(chosen)).eventually(() -> busy.decrementAndGet(chosen));
        });
    }

    private int leastBusy() {
        int lane = 0;
        for (int i = 1; i < busy.length(); i++) {
            if (busy.get(i) < busy.get(lane)) {
                lane = i;
            }
        }
        return lane;
    }

    /**
     * A statement's rows as a stream, {@code fetch} at a time (a cursor of the snapshot's transaction): a large read
     * without holding all its rows in memory.
     */
    Multi<Row> stream(String sql, SqlFilter f, int fetch) {
        return Multi.createFrom().deferred(() -> {
            int chosen = leastBusy();
            busy.incrementAndGet(chosen);
            return lanes.get(chosen).prepare(sql).onItem().transformToMulti(ps -> ps.createStream(fetch, f.tuple()).toMulti())
                    .onTermination().invoke(() -> busy.decrementAndGet(chosen));
        });
    }

    AnalyticsQuery query() {
        return query;
    }

    /** The same snapshot (connections and transaction) answering another range or filter: one answer's other periods. */
    Snapshot over(AnalyticsQuery other) {
        return new Snapshot(lanes, busy, other);
    }

    /** The query's range as cube pieces up to this snapshot's watermark ({@code cubes}; {@code days}: day rows too), else all raw. */
    Uni<Plan> plan(boolean cubes, boolean days) {
        if (!cubes) {
            return Uni.createFrom().item(Plan.raw(query.start(), query.end()));
        }
        return run(db -> RollupRepository.watermark(db)).map(w -> Plan.of(query.start(), query.end(), w, days));
    }

    /**
     * As {@link #plan}, the whole UTC weeks of its days read from week rows — the per-customer every-surface totals
     * only (V45) — once the rollup job has built those for the events folded before them.
     */
    Uni<Plan> planWithWeeks() {
        return run(db -> WeekRowsBackfill.ready(db)).flatMap(ready -> run(db -> RollupRepository.watermark(db))
                .map(w -> Plan.of(query.start(), query.end(), w, true, ready)));
    }

    /** What the rollups hold in this snapshot (null: nothing yet). */
    Uni<Watermark> watermark() {
        return run(db -> RollupRepository.watermark(db));
    }

    /** Whether the outcome rows' users sketches hold every folded login in this snapshot (V47's backfill is done). */
    Uni<Boolean> outcomeUsersReady() {
        return run(db -> OutcomeUsersBackfill.ready(db));
    }

    /** Whether /retention's rollup tables hold every folded event in this snapshot (V48's backfill is done). */
    Uni<Boolean> retentionReady() {
        return run(db -> RetentionRollup.ready(db));
    }

    /** One aggregation: cube where the plan allows, raw events elsewhere. */
    Uni<Map<List<Object>, Acc>> aggregate(Plan plan, SqlFilter f, Aggregation aggregation) {
        if (plan.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String sql = RollupQuery.sql(f, plan, query.start(), query.end(), aggregation);
        return run(db -> RollupQuery.run(db, sql, f, aggregation));
    }

    /** A statement of the report's own, its parameters bound in {@code f}. */
    Uni<RowSet<Row>> select(String sql, SqlFilter f) {
        return run(db -> db.preparedQuery(sql).execute(f.tuple()));
    }
}
