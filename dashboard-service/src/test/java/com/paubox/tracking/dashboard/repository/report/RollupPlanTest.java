package com.paubox.tracking.dashboard.repository.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Measure;
import com.paubox.tracking.dashboard.repository.report.Plan.Piece;
import com.paubox.tracking.dashboard.rollup.Grain;
import com.paubox.tracking.dashboard.rollup.RollupTable;
import com.paubox.tracking.dashboard.rollup.Watermark;

/**
 * The pieces a range is read from, in particular a partial day read as its day row minus the raw events outside the
 * range (counts only). The numbers themselves are checked against raw events in AnalyticsApiTest.
 */
class RollupPlanTest {

    static final Watermark WATERMARK = new Watermark(1234, t("2026-12-01T12:00:00Z"));

    static OffsetDateTime t(String s) {
        return OffsetDateTime.parse(s);
    }

    static Plan days(String from, String to) {
        return Plan.of(t(from), t(to), WATERMARK, true).daysOnly();
    }

    @Test
    void aNewYorkRangeSubtractsFiveHoursInsteadOfReadingNineteen() {
        Plan plan = days("2026-11-02T05:00:00Z", "2026-12-02T05:00:00Z");
        assertEquals(List.of(new Piece(null, t("2026-11-02T05:00:00Z"), t("2026-11-03T00:00:00Z")),
                new Piece(Grain.DAY, t("2026-11-03T00:00:00Z"), t("2026-12-02T00:00:00Z")),
                new Piece(null, t("2026-12-02T00:00:00Z"), t("2026-12-02T05:00:00Z"))), plan.pieces());
        // the first day: its row minus 00:00–05:00; the last day's 5 hours stay raw (its other 19 would be subtracted)
        assertEquals(List.of(new Piece(null, t("2026-11-02T00:00:00Z"), t("2026-11-02T05:00:00Z"), true),
                new Piece(Grain.DAY, t("2026-11-02T00:00:00Z"), t("2026-12-02T00:00:00Z")),
                new Piece(null, t("2026-12-02T00:00:00Z"), t("2026-12-02T05:00:00Z"))),
                plan.countsByComplement(t("2026-11-02T05:00:00Z"), t("2026-12-02T05:00:00Z")).pieces());
    }

    @Test
    void aKolkataRangeKeepsItsFirstEdgeRawAndSubtractsTheRestOfItsLastDay() {
        OffsetDateTime from = t("2026-11-01T18:30:00Z");
        OffsetDateTime to = t("2026-12-01T18:30:00Z");
        Plan counting = days("2026-11-01T18:30:00Z", "2026-12-01T18:30:00Z").countsByComplement(from, to);
        assertEquals(List.of(new Piece(null, t("2026-11-01T18:30:00Z"), t("2026-11-01T19:00:00Z")),
                new Piece(null, t("2026-11-01T19:00:00Z"), t("2026-11-02T00:00:00Z")),
                new Piece(Grain.DAY, t("2026-11-02T00:00:00Z"), t("2026-12-02T00:00:00Z")),
                new Piece(null, t("2026-12-01T18:30:00Z"), t("2026-12-02T00:00:00Z"), true)), counting.pieces());
        assertEquals(WATERMARK, counting.watermark(), "the raw tail is still read");
    }

    @Test
    void wholeDaysAndHourRowsAreLeftAlone() {
        Plan utc = days("2026-11-02T00:00:00Z", "2026-12-02T00:00:00Z");
        assertEquals(utc, utc.countsByComplement(t("2026-11-02T00:00:00Z"), t("2026-12-02T00:00:00Z")));
        Plan hours = Plan.of(t("2026-11-02T05:00:00Z"), t("2026-12-02T05:00:00Z"), WATERMARK, true);
        assertTrue(hours.pieces().stream().anyMatch(p -> p.grain() == Grain.HOUR));
        assertEquals(hours, hours.countsByComplement(t("2026-11-02T05:00:00Z"), t("2026-12-02T05:00:00Z")));
    }

    @Test
    void onlySumsCanSubtract() {
        OffsetDateTime from = t("2026-11-02T05:00:00Z");
        OffsetDateTime to = t("2026-12-02T05:00:00Z");
        Plan counting = days("2026-11-02T05:00:00Z", "2026-12-02T05:00:00Z").countsByComplement(from, to);
        assertThrows(IllegalArgumentException.class, () -> RollupQuery.sql(SqlFilter.none(), counting, from, to,
                perCustomer(List.of(Figures.LAST_SEEN))));
        assertThrows(IllegalArgumentException.class, () -> RollupQuery.sql(SqlFilter.none(), counting, from, to,
                perCustomer(List.of(Figures.PAGE_VIEWS)).distincts(List.of(Figures.USERS))));
        String sql = RollupQuery.sql(SqlFilter.none(), counting, from, to, perCustomer(List.of(Figures.PAGE_VIEWS)));
        assertTrue(sql.contains("-coalesce(("), sql);
    }

    static Aggregation perCustomer(List<Measure> measures) {
        return Aggregation.by(List.of("customer_id")).cube(new CubeSource(RollupTable.CUSTOMER_SECTIONS, "true")).raw("true").measures(measures);
    }

    @Test
    void weekRowsReadTheWholeUtcWeeksOfTheDays() {
        // 30 days in New York from Thursday 5 Nov: hour rows and raw hours at the ends, days around the whole UTC weeks
        Plan plan = Plan.of(t("2026-11-05T05:00:00Z"), t("2026-12-05T05:00:00Z"), WATERMARK, true, true);
        assertEquals(List.of(new Piece(Grain.HOUR, t("2026-11-05T05:00:00Z"), t("2026-11-06T00:00:00Z")),
                new Piece(Grain.DAY, t("2026-11-06T00:00:00Z"), t("2026-11-09T00:00:00Z")),
                new Piece(Grain.WEEK, t("2026-11-09T00:00:00Z"), t("2026-11-30T00:00:00Z")),
                new Piece(Grain.DAY, t("2026-11-30T00:00:00Z"), t("2026-12-05T00:00:00Z")),
                new Piece(Grain.HOUR, t("2026-12-05T00:00:00Z"), t("2026-12-05T05:00:00Z"))), plan.pieces());
        // a UTC week exactly: one week row
        assertEquals(List.of(new Piece(Grain.WEEK, t("2026-11-09T00:00:00Z"), t("2026-11-16T00:00:00Z"))),
                Plan.of(t("2026-11-09T00:00:00Z"), t("2026-11-16T00:00:00Z"), WATERMARK, true, true).pieces());
        // no whole week inside: days only
        assertEquals(List.of(new Piece(Grain.DAY, t("2026-11-10T00:00:00Z"), t("2026-11-16T00:00:00Z"))),
                Plan.of(t("2026-11-10T00:00:00Z"), t("2026-11-16T00:00:00Z"), WATERMARK, true, true).pieces());
        // without week rows (before their backfill): the same range as days
        assertEquals(List.of(new Piece(Grain.DAY, t("2026-11-09T00:00:00Z"), t("2026-11-16T00:00:00Z"))),
                Plan.of(t("2026-11-09T00:00:00Z"), t("2026-11-16T00:00:00Z"), WATERMARK, true, false).pieces());
    }
}
