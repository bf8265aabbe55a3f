package com.paubox.tracking.dashboard.repository.report;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import com.paubox.tracking.dashboard.rollup.Grain;
import com.paubox.tracking.dashboard.rollup.Watermark;

/** Plan: cube pieces, raw edges, and the raw tail (events at or after {@code watermark}: stored since the rollups last ran); or all raw. */
record Plan(List<Piece> pieces, Watermark watermark) {

    /**
     * A piece of the range: a {@code grain} reads cube rows of that grain, null reads raw events (before the watermark);
     * {@code subtract}: raw events whose counts are taken away (see {@link Plan#countsByComplement}).
     */
    record Piece(Grain grain, OffsetDateTime from, OffsetDateTime to, boolean subtract) {
        Piece(Grain grain, OffsetDateTime from, OffsetDateTime to) {
            this(grain, from, to, false);
        }
    }

    static Plan raw(OffsetDateTime from, OffsetDateTime to) {
        return new Plan(List.of(new Piece(null, from, to)), null);
    }

    /**
     * [from, to) split into UTC hours and (with {@code days}) UTC days read from the cube, raw events before
     * the watermark for the partial hours at the ends, and every raw event at or after the watermark.
     */
    static Plan of(OffsetDateTime from, OffsetDateTime to, Watermark watermark, boolean days) {
        return of(from, to, watermark, days, false);
    }

    /** As {@link #of(OffsetDateTime, OffsetDateTime, Watermark, boolean)}; {@code weeks}: the whole UTC weeks (Monday first) of the days as week rows. */
    static Plan of(OffsetDateTime from, OffsetDateTime to, Watermark watermark, boolean days, boolean weeks) {
        if (watermark == null) {
            return raw(from, to);
        }
        OffsetDateTime h1 = Grain.HOUR.bucket(from);
        if (h1.isBefore(from)) {
            h1 = h1.plusHours(1);
        }
        OffsetDateTime h2 = Grain.HOUR.bucket(to);
        if (!h1.isBefore(h2)) {
            return raw(from, to);
        }
        List<Piece> pieces = new ArrayList<>();
        if (from.isBefore(h1)) {
            pieces.add(new Piece(null, from, h1));
        }
        OffsetDateTime d1 = Grain.DAY.bucket(h1);
        if (d1.isBefore(h1)) {
            d1 = d1.plusDays(1);
        }
        OffsetDateTime d2 = Grain.DAY.bucket(h2);
        if (days && d1.isBefore(d2)) {
            if (h1.isBefore(d1)) {
                pieces.add(new Piece(Grain.HOUR, h1, d1));
            }
            addDays(pieces, d1, d2, weeks);
            if (d2.isBefore(h2)) {
                pieces.add(new Piece(Grain.HOUR, d2, h2));
            }
        } else {
            pieces.add(new Piece(Grain.HOUR, h1, h2));
        }
        if (h2.isBefore(to)) {
            pieces.add(new Piece(null, h2, to));
        }
        return new Plan(pieces, watermark);
    }

    /** [d1, d2) as day rows, or (with {@code weeks}) as week rows for its whole UTC weeks and day rows around them. */
    private static void addDays(List<Piece> pieces, OffsetDateTime d1, OffsetDateTime d2, boolean weeks) {
        OffsetDateTime w1 = d1.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        OffsetDateTime w2 = d2.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        if (!weeks || !w1.isBefore(w2)) {
            pieces.add(new Piece(Grain.DAY, d1, d2));
            return;
        }
        if (d1.isBefore(w1)) {
            pieces.add(new Piece(Grain.DAY, d1, w1));
        }
        pieces.add(new Piece(Grain.WEEK, w1, w2));
        if (w2.isBefore(d2)) {
            pieces.add(new Piece(Grain.DAY, w2, d2));
        }
    }

    /** For a cube with day rows only: its hour pieces read raw events instead. */
    Plan daysOnly() {
        return new Plan(pieces.stream().map(p -> p.grain() == Grain.HOUR ? new Piece(null, p.from(), p.to()) : p).toList(), watermark);
    }

    /** Only the cube pieces: what the cube rows of this plan hold. */
    Plan cubeOnly() {
        return new Plan(pieces.stream().filter(p -> p.grain() != null).toList(), null);
    }

    /** Nothing to read. */
    boolean isEmpty() {
        return pieces.isEmpty() && watermark == null;
    }

    /**
     * For counts alone (sums; no distinct values, no maximum, no sketch): a partial UTC day at an end of a day-rows
     * plan ({@link #daysOnly}) read as its whole day row minus the raw events of its part outside [from, to), where
     * that part is the shorter — a New York day's edge is then 5 raw hours, not 19. Exact: a day row holds exactly
     * the day's events before the watermark, the subtracted piece the same events of its hours.
     */
    Plan countsByComplement(OffsetDateTime from, OffsetDateTime to) {
        List<Piece> days = pieces.stream().filter(p -> p.grain() != null).toList();
        if (days.size() != 1 || days.get(0).grain() != Grain.DAY) {
            return this;
        }
        Piece d = days.get(0);
        int at = pieces.indexOf(d);
        OffsetDateTime dayBefore = d.from().minusDays(1);
        OffsetDateTime dayAfter = d.to().plusDays(1);
        boolean lead = from.isBefore(d.from()) && Duration.between(dayBefore, from).compareTo(Duration.between(from, d.from())) < 0;
        boolean trail = to.isAfter(d.to()) && Duration.between(to, dayAfter).compareTo(Duration.between(d.to(), to)) < 0;
        List<Piece> out = new ArrayList<>();
        if (lead) {
            out.add(new Piece(null, dayBefore, from, true));
        } else {
            out.addAll(pieces.subList(0, at));
        }
        out.add(new Piece(Grain.DAY, lead ? dayBefore : d.from(), trail ? dayAfter : d.to()));
        if (trail) {
            out.add(new Piece(null, to, dayAfter, true));
        } else {
            out.addAll(pieces.subList(at + 1, pieces.size()));
        }
        return new Plan(out, watermark);
    }

    /** Only the raw-event pieces (and the tail): what the cube rows of this plan do not hold. */
    Plan rawOnly() {
        return new Plan(pieces.stream().filter(p -> p.grain() == null).toList(), watermark);
    }
}
