package com.paubox.tracking.dashboard.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Right to erasure: removes every event of one Auth0 subject (uses the partial user_sub index). */
@ApplicationScoped
public class ErasureRepository {

    private final Pool pool;

    public ErasureRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Long> deleteUser(String userSub) {
        return pool.preparedQuery("DELETE FROM analytics_events WHERE user_sub = $1")
                .execute(Tuple.of(userSub))
                .map(rows -> (long) rows.rowCount());
    }
}
