package com.paubox.tracking.dashboard.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

/** The grains' stored codes (the tables' char(1) column) and the UTC buckets the fold and the planner cut time into. */
class GrainTest {

    @Test
    void storedCodesAreTheColumnsValuesAndReadBackPadded() {
        assertEquals("h", Grain.HOUR.code());
        assertEquals("'d'", Grain.DAY.sql());
        assertEquals("7 days", Grain.WEEK.span());
        for (Grain g : Grain.values()) {
            assertEquals(g, Grain.of(g.code() + " "));
        }
        assertThrows(IllegalArgumentException.class, () -> Grain.of("m"));
    }

    @Test
    void bucketsAreUtcHoursDaysAndMondayWeeks() {
        // Sunday 2026-11-08 22:30 in New York = Monday 2026-11-09 03:30 UTC
        OffsetDateTime t = OffsetDateTime.parse("2026-11-08T22:30:00-05:00");
        assertEquals(OffsetDateTime.parse("2026-11-09T03:00:00Z"), Grain.HOUR.bucket(t));
        assertEquals(OffsetDateTime.parse("2026-11-09T00:00:00Z"), Grain.DAY.bucket(t));
        assertEquals(OffsetDateTime.parse("2026-11-09T00:00:00Z"), Grain.WEEK.bucket(t));
        assertEquals(OffsetDateTime.parse("2026-11-09T00:00:00Z"), Grain.WEEK.bucket(OffsetDateTime.parse("2026-11-15T23:59:59Z")));
    }
}
