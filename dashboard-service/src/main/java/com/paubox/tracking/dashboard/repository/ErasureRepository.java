package com.paubox.tracking.dashboard.repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Right to erasure: removes every event of one Auth0 subject (uses the partial user_sub index) and, in the
 * same transaction, every rollup row of that subject. The actor, page and click rollups are keyed by
 * user_sub, so deleting the subject's rows there is exact; the login rollup holds no identifier and is
 * recomputed for the hours where the subject had login events. The rollup job's advisory lock is taken
 * (waiting) first, so a concurrent run cannot re-insert rows from a snapshot older than the deletion.
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
                .flatMap(x -> conn.preparedQuery("DELETE FROM analytics_events WHERE user_sub = $1 RETURNING "
                        + RollupRepository.HOUR + " AS h, type LIKE 'login%' AS login").execute(sub))
                .flatMap(deleted -> {
                    TreeSet<OffsetDateTime> loginHours = new TreeSet<>();
                    for (Row r : deleted) {
                        if (r.getBoolean("login")) {
                            loginHours.add(r.getOffsetDateTime("h").withOffsetSameInstant(ZoneOffset.UTC));
                        }
                    }
                    long n = deleted.rowCount();
                    return conn.preparedQuery("DELETE FROM analytics_rollup_actors WHERE user_sub = $1").execute(sub)
                            .flatMap(x -> conn.preparedQuery("DELETE FROM analytics_rollup_pages WHERE user_sub = $1").execute(sub))
                            .flatMap(x -> conn.preparedQuery("DELETE FROM analytics_rollup_clicks WHERE user_sub = $1").execute(sub))
                            .flatMap(x -> RollupRepository.recompute(conn,
                                    RollupRepository.ranges(loginHours, OffsetDateTime.MIN, OffsetDateTime.MIN),
                                    List.of("analytics_rollup_logins")))
                            .map(x -> n);
                }));
    }
}
