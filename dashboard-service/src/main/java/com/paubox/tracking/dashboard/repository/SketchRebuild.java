package com.paubox.tracking.dashboard.repository;

import com.paubox.tracking.dashboard.rollup.Hll;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The rollups' sketches are HLL lgK {@link Hll#LG_K}. A union keeps the smaller K of its inputs, so rows written with
 * another lgK (12 before issue 26's accuracy round) would hold every figure at their accuracy for good: the rollup
 * job's first run with a new lgK empties the rollups once, under the rollup lock, and its windows fold every event
 * again. Answers stay exact meanwhile (what is not folded is read raw), only slower until the rebuild caught up
 * (docs/dashboard.md "Upgrades").
 */
final class SketchRebuild {

    static final BackfillMarker MARKER = new BackfillMarker("hll_lg_k_" + Hll.LG_K);

    private SketchRebuild() {
    }

    /** Empties the rollups if they were built with another lgK (the caller holds the rollup lock); a fresh install only records it. */
    static Uni<Void> ensure(SqlConnection conn) {
        return MARKER.once(conn, () -> RollupRepository.watermark(conn)
                .flatMap(w -> w == null ? Uni.createFrom().voidItem() : RollupRepository.empty(conn)));
    }
}
