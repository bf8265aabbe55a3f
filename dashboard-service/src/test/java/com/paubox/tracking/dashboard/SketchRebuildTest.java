package com.paubox.tracking.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Rollups built with another HLL lgK (12, before issue 26's accuracy round) are emptied once by the job's next run and
 * folded again, so every stored sketch has {@link Hll#LG_K} registers; rollups already at that lgK are left alone.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class SketchRebuildTest extends RollupFixture {

    static final String MARKER = "hll_lg_k_" + Hll.LG_K;

    long one(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getLong(0);
    }

    /** Page views in the every-customer hour rows, and the raw count. */
    List<Long> pageViews() {
        return List.of(one("SELECT coalesce(sum(page_views), 0) FROM analytics_rollup_totals WHERE grain = 'h' AND customer_id = 0"),
                one("SELECT count(*) FROM analytics_events WHERE type = 'page_view'"));
    }

    @Test
    void rollupsOfAnotherLgKAreRebuiltOnceAndOnlyThen() {
        TestData.ensureSeeded(pool);
        Seeder.insert(pool, Seeder.generate(4601, 2000, LocalDate.of(2025, 9, 3), LocalDate.of(2025, 9, 20)));
        catchUp();
        assertEquals(1, one("SELECT count(*) FROM analytics_rollup_backfill WHERE what = '" + MARKER + "'"), "a fresh build records its lgK");

        // as rollups written by the previous release: not recorded, and (marked by a page view too many) not what a fold writes
        forgetBackfill(MARKER);
        execute("UPDATE analytics_rollup_totals SET page_views = page_views + 1 WHERE grain = 'h' AND customer_id = 0");
        List<Long> stale = pageViews();
        assertNotEquals(stale.get(1), stale.get(0));

        catchUp();
        List<Long> rebuilt = pageViews();
        assertEquals(rebuilt.get(1), rebuilt.get(0), "emptied and folded again from the events");
        assertEquals(0, one("SELECT count(*) FROM analytics_rollup_totals WHERE users IS NOT NULL AND get_byte(users, 3) <> " + Hll.LG_K),
                "every stored sketch has lgK " + Hll.LG_K);
        assertEquals(1, one("SELECT count(*) FROM analytics_rollup_backfill WHERE what = '" + MARKER + "'"));

        // recorded: the next runs leave the rows alone
        execute("UPDATE analytics_rollup_totals SET page_views = page_views + 1 WHERE grain = 'h' AND customer_id = 0");
        catchUp();
        assertNotEquals(pageViews().get(1), pageViews().get(0), "not rebuilt again");
    }
}
