package com.paubox.tracking.dashboard.repository.report;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * One answer's reads, all in one REPEATABLE READ, READ ONLY transaction: every statement sees the same rollup state
 * (watermark and cube rows), so a window committing meanwhile can neither count events twice nor drop them. Its
 * statements may be issued concurrently: the connection runs them one after the other. A report is handed only this,
 * never the pool, so none of its statements can run outside the snapshot.
 */
final class Snapshot {

    private final SqlClient db;
    private final AnalyticsQuery query;

    private Snapshot(SqlClient db, AnalyticsQuery query) {
        this.db = db;
        this.query = query;
    }

    static <T> Uni<T> read(Pool pool, AnalyticsQuery query, Function<Snapshot, Uni<T>> answer) {
        return pool.withTransaction(conn -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute()
                .flatMap(x -> answer.apply(new Snapshot(conn, query))));
    }

    AnalyticsQuery query() {
        return query;
    }

    /** The same snapshot (connection and transaction) answering another range or filter: one answer's other periods. */
    Snapshot over(AnalyticsQuery other) {
        return new Snapshot(db, other);
    }

    /** The query's range as cube pieces up to this snapshot's watermark ({@code cubes}; {@code days}: day rows too), else all raw. */
    Uni<Plan> plan(boolean cubes, boolean days) {
        if (!cubes) {
            return Uni.createFrom().item(Plan.raw(query.start(), query.end()));
        }
        return RollupRepository.watermark(db).map(w -> Plan.of(query.start(), query.end(), w, days));
    }

    /** One aggregation: cube where the plan allows, raw events elsewhere. */
    Uni<Map<List<Object>, Acc>> aggregate(Plan plan, SqlFilter f, Aggregation aggregation) {
        if (plan.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String sql = RollupQuery.sql(f, plan, query.start(), query.end(), aggregation);
        return RollupQuery.run(db, sql, f, aggregation);
    }

    /** A statement of the report's own, its parameters bound in {@code f}. */
    Uni<RowSet<Row>> select(String sql, SqlFilter f) {
        return db.preparedQuery(sql).execute(f.tuple());
    }
}
