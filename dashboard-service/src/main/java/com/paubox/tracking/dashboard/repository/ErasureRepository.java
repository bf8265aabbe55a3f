package com.paubox.tracking.dashboard.repository;

import java.util.ArrayList;
import java.util.List;

import com.paubox.tracking.dashboard.rollup.Fold;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Right to erasure: removes every event of one Auth0 subject (uses the partial user_sub index) and, in the same
 * transaction, the subject from the rollups: its rows of the per-user session rollup (keyed by user_sub) are deleted,
 * so are its identity, first-seen rows and hourly activity of /retention's tables ({@link RetentionErasure}),
 * and every cube row its folded events reached is rebuilt from what remains ({@link ErasureRebuild}: a sketch cannot
 * forget a value). The rollup job's advisory lock is taken (waiting) first, so a concurrent run cannot fold the
 * deleted events back in. Cost grows with the hours the subject was active and the keys it touched, not with the
 * events of its days.
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
                .flatMap(watermark -> conn.preparedQuery("DELETE FROM analytics_events WHERE user_sub = $1 RETURNING xact_id, anon_id, "
                        + RollupRepository.EVENT_COLUMNS).execute(sub).emitOn(Infrastructure.getDefaultWorkerPool()).flatMap(deleted -> {
                            // the cube cells the subject's folded events reached
                            Fold touched = new Fold();
                            List<RetentionErasure.Folded> cohorts = new ArrayList<>();
                            for (Row r : deleted) {
                                if (watermark != null && watermark.covers(r.getLong("xact_id"), r.getOffsetDateTime("occurred_at"))) {
                                    touched.add(RollupRepository.event(r));
                                    cohorts.add(new RetentionErasure.Folded(r.getUUID("anon_id"), r.getLong("customer_id"), r.getString("surface"),
                                            r.getOffsetDateTime("occurred_at")));
                                }
                            }
                            long n = deleted.rowCount();
                            return conn.preparedQuery("DELETE FROM " + RollupRepository.USER_SESSIONS + " WHERE user_sub = $1").execute(sub)
                                    .flatMap(x -> watermark == null ? Uni.createFrom().voidItem()
                                            : ErasureRebuild.run(conn, touched, RetentionErasure.browsers(cohorts), watermark)
                                                    .flatMap(remaining -> RetentionErasure.run(conn, userSub, cohorts, remaining, watermark)))
                                    .map(x -> n);
                        })));
    }
}
