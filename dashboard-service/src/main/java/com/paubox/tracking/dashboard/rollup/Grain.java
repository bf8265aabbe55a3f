package com.paubox.tracking.dashboard.rollup;

import java.time.DayOfWeek;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * The time grain of a rollup row: its code in the tables' {@code grain} column (char(1)) and the UTC bucket an instant
 * falls in. The rows of a bucket hold the events of [bucket, bucket + {@link #span()}).
 */
public enum Grain {
    /** The UTC hour. */
    HOUR('h', "1 hour"),
    /** The UTC day. */
    DAY('d', "1 day"),
    /** The UTC week, Monday 00:00 first (the per-customer every-surface totals only, V45). */
    WEEK('w', "7 days");

    private final String code;
    private final String span;

    Grain(char code, String span) {
        this.code = String.valueOf(code);
        this.span = span;
    }

    /** The value of the {@code grain} column. */
    public String code() {
        return code;
    }

    /** As an SQL literal: {@code 'h'}, {@code 'd'} or {@code 'w'}. */
    public String sql() {
        return "'" + code + "'";
    }

    /** A bucket's length, as the text of an SQL interval. */
    public String span() {
        return span;
    }

    /** The bucket {@code t} falls in (UTC). */
    public OffsetDateTime bucket(OffsetDateTime t) {
        OffsetDateTime utc = t.withOffsetSameInstant(ZoneOffset.UTC);
        return switch (this) {
            case HOUR -> utc.truncatedTo(ChronoUnit.HOURS);
            case DAY -> utc.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> utc.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        };
    }

    /** The grain of a stored code (a char(1) column may come back padded). */
    public static Grain of(String code) {
        String c = code.trim();
        for (Grain g : values()) {
            if (g.code.equals(c)) {
                return g;
            }
        }
        throw new IllegalArgumentException("no grain " + code);
    }
}
