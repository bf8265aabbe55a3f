package com.paubox.tracking.dashboard;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;

import com.paubox.tracking.dashboard.repository.RollupRepository;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * What the tests of the rollup job's one-off backfills and rebuilds share: the pool and the rollup job, and after each
 * test the rollups emptied again (the other tests expect raw events only).
 */
abstract class RollupFixture {

    @Inject
    Pool pool;

    @Inject
    RollupRepository rollups;

    @AfterEach
    void leaveRawEventsOnly() {
        rollups.reset().await().indefinitely();
    }

    /** Runs one statement to its end. */
    void execute(String sql) {
        pool.query(sql).execute().await().indefinitely();
    }

    /** As before the migration that added the backfill {@code what}: not recorded as done. */
    void forgetBackfill(String what) {
        execute("DELETE FROM analytics_rollup_backfill WHERE what = '" + what + "'");
    }

    /** The rollup job's catch-up: every folded event into the rollups (and any backfill or rebuild due first). */
    void catchUp() {
        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
    }
}
