package com.paubox.tracking.dashboard.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.TreeSet;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Right to erasure: removes every event of one Auth0 subject (uses the partial user_sub index) and, in the same
 * transaction, the subject from the rollups: its rows of the per-user session rollup (keyed by user_sub) are deleted,
 * and every cube row of the UTC days where the subject had rolled-up events is rebuilt from the remaining events (a
 * sketch cannot forget a value). The rollup job's advisory lock is taken (waiting) first, so a concurrent run cannot
 * fold the deleted events back in. Cost grows with the days the subject was active.
 */
@ApplicationScoped
public class ErasureRepository {

    private final Pool pool;

    public ErasureRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Long> deleteUser(String userSub) {
        Tuple sub = Tuple.of(userSub);
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(RollupRepository.LOCK_KEY))
                .flatMap(x -> RollupRepository.watermark(conn))
                .flatMap(watermark -> {
                    return conn.preparedQuery("DELETE FROM analytics_events WHERE user_sub = $1 RETURNING occurred_at, xact_id").execute(sub)
                            .flatMap(deleted -> {
                                TreeSet<OffsetDateTime> days = new TreeSet<>();
                                for (Row r : deleted) {
                                    if (watermark != null && watermark.covers(r.getLong("xact_id"), r.getOffsetDateTime("occurred_at"))) {
                                        days.add(RollupRepository.floorDay(r.getOffsetDateTime("occurred_at")).withOffsetSameInstant(ZoneOffset.UTC));
                                    }
                                }
                                long n = deleted.rowCount();
                                return conn.preparedQuery("DELETE FROM " + RollupRepository.USER_SESSIONS + " WHERE user_sub = $1").execute(sub)
                                        .flatMap(x -> days.isEmpty() ? Uni.createFrom().voidItem()
                                                : RollupRepository.rebuildDays(conn, new ArrayList<>(days), watermark))
                                        .map(x -> n);
                            });
                }));
    }
}
