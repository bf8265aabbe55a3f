package com.paubox.tracking.dashboard.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The triangle from ids: cohorts and hour sets of the rollups, and the raw tail moving a first event earlier. */
class CohortMasksTest {

    static final OffsetDateTime W0 = OffsetDateTime.parse("2025-08-04T00:00:00Z");
    static final OffsetDateTime[] WEEKS = { W0, W0.plusWeeks(1), W0.plusWeeks(2), W0.plusWeeks(3) };

    static Map<String, Long> counts(CohortMasks m) {
        Map<String, Long> out = new TreeMap<>();
        m.counts((c, p, n) -> out.put(c + "→" + p, n));
        return out;
    }

    @Test
    void countsEachIdentityOncePerPeriodFromItsCohortOn() {
        CohortMasks m = new CohortMasks(WEEKS);
        m.cohort(0, new Integer[] { 1, 2, 3 });
        m.cohort(1, new Integer[] { 7 });
        m.index();
        m.active(0, new Integer[] { 1, 2, 3, 99 }); // 99: first seen before the range, in no cohort
        m.active(1, new Integer[] { 1, 7 });
        m.active(1, new Integer[] { 1 }); // another hour of the same week: still once
        m.active(2, new Integer[] { 2, 7, 99 });
        assertEquals(Map.of("0→0", 3L, "0→1", 1L, "0→2", 1L, "1→1", 1L, "1→2", 1L), counts(m));
    }

    @Test
    void theTailMovesAFirstEventEarlierOrBeforeTheRangeAndAddsNewIdentities() {
        CohortMasks m = new CohortMasks(WEEKS);
        m.cohort(1, new Integer[] { 5, 6 });
        m.index();
        m.active(1, new Integer[] { 5, 6 });
        // 5: a late event in week 0 — its cohort is week 0, still active in week 1
        m.tail(5, W0.plusWeeks(1).plusHours(3), W0.plusDays(2), new Integer[] { 1 });
        // 6: a late event before the range — in no cohort
        m.tail(6, W0.plusWeeks(1).plusHours(3), W0.minusDays(1), new Integer[0]);
        // only in the tail, first in week 2; 10: no event before the range's end — in none
        m.tail(null, null, W0.plusWeeks(2).plusHours(1), new Integer[] { 3 });
        m.tail(10, null, null, new Integer[0]);
        assertEquals(Map.of("0→0", 1L, "0→1", 1L, "2→2", 1L), counts(m));
    }
}
