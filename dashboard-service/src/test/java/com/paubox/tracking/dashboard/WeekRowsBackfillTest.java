package com.paubox.tracking.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.repository.WeekRowsBackfill;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * V45's per-customer week rows: the rollup job's first window after the migration builds the week rows of the events
 * folded before (the merge of their day rows), equal to what the fold writes, and only then may answers read them.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class WeekRowsBackfillTest extends RollupFixture {

    List<String> weekRows() {
        return ErasureRebuildTest.lines(pool, "SELECT * FROM analytics_rollup_totals WHERE grain = 'w'");
    }

    boolean ready() {
        return WeekRowsBackfill.ready(pool).await().indefinitely();
    }

    @Test
    void theWeekRowsOfEventsFoldedBeforeAreBuiltOnceFromTheirDayRows() {
        TestData.ensureSeeded(pool);
        Seeder.insert(pool, Seeder.generate(4501, 3000, LocalDate.of(2025, 9, 3), LocalDate.of(2025, 10, 20)));
        catchUp();
        List<String> folded = weekRows();
        assertTrue(folded.size() > 10, "the fold wrote week rows: " + folded.size());
        assertTrue(ready());

        // as before V45: day rows, no week rows, not recorded
        execute("DELETE FROM analytics_rollup_totals WHERE grain = 'w'");
        forgetBackfill("customer_weeks");
        assertFalse(ready(), "answers read day rows meanwhile");

        rollups.refresh(null).await().indefinitely();
        assertTrue(ready());
        assertEquals(folded, weekRows(), "built from the day rows = folded from the events");
    }
}
