package com.paubox.tracking.dashboard.repository;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import com.paubox.tracking.dashboard.rollup.Cubes;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Partition maintenance under a transaction-scoped PostgreSQL advisory lock, so that with several replicas
 * exactly one runs it at a time (the others see the lock taken and skip).
 */
@ApplicationScoped
public class PartitionRepository {

    /** Arbitrary constant shared by every replica ("pbtrack" lifecycle). */
    public static final long LOCK_KEY = 0x7062_7472_6163_6b01L;

    /** Outcome of one run; {@code ran} is false when another replica held the lock. */
    public record Maintenance(boolean ran, int created, int dropped, long defaultRowsDeleted) {
    }

    private final Pool pool;

    public PartitionRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Maintenance> maintain(LocalDate today, int monthsAhead, OffsetDateTime keepFrom) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .execute(Tuple.of(LOCK_KEY))
                .flatMap(rows -> rows.iterator().next().getBoolean("locked")
                        // and the rollup lock (waiting), before any table lock: /retention's tables must not gain a row
                        // of an identity this run forgets (RetentionRollup.dropExpired)
                        ? conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(RollupRepository.LOCK_KEY))
                                .flatMap(x -> run(conn, today, monthsAhead, keepFrom))
                        : Uni.createFrom().item(new Maintenance(false, 0, 0, 0))));
    }

    private static Uni<Maintenance> run(SqlConnection conn, LocalDate today, int monthsAhead, OffsetDateTime keepFrom) {
        return conn.preparedQuery("SELECT analytics_ensure_partitions($1, $2) AS n").execute(Tuple.of(today, monthsAhead + 1))
                .map(rows -> rows.iterator().next().getInteger("n"))
                .flatMap(created -> conn.preparedQuery("SELECT analytics_drop_partitions_before($1) AS n").execute(Tuple.of(keepFrom))
                        .map(rows -> rows.iterator().next().getInteger("n"))
                        // Rows that landed in the default partition are expired row by row.
                        .flatMap(dropped -> conn.preparedQuery("DELETE FROM analytics_events_default WHERE occurred_at < $1")
                                .execute(Tuple.of(keepFrom))
                                .flatMap(rows -> dropRollups(conn, keepFrom).map(x -> new Maintenance(true, created, dropped, rows.rowCount())))));
    }

    /**
     * Retention of the rollups: rows of the months whose partitions were dropped go too (the same
     * boundary as analytics_drop_partitions_before: the start of keepFrom's month, in the session's zone).
     */
    private static Uni<Void> dropRollups(SqlConnection conn, OffsetDateTime keepFrom) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String table : Cubes.tableNames()) {
            chain = chain.flatMap(x -> conn.preparedQuery("DELETE FROM " + table + " WHERE bucket < date_trunc('month', $1::timestamptz)")
                    .execute(Tuple.of(keepFrom)).replaceWithVoid());
        }
        chain = chain.flatMap(x -> conn.preparedQuery("DELETE FROM " + RollupRepository.USER_SESSIONS
                + " WHERE hour < date_trunc('month', $1::timestamptz)").execute(Tuple.of(keepFrom)).replaceWithVoid());
        return chain.flatMap(x -> RetentionRollup.dropExpired(conn, keepFrom));
    }
}
