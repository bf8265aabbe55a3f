package com.paubox.tracking.dashboard.retention;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import com.paubox.tracking.dashboard.service.BadParameterException;

/** The period users are grouped by and followed in: an ISO week (Monday first) or a calendar month, local to the query's zone. */
public enum CohortPeriod {
    WEEK("week"), MONTH("month");

    private final String wire;

    CohortPeriod(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The first day of the period that holds {@code day}. */
    public LocalDate start(LocalDate day) {
        return this == WEEK ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day.withDayOfMonth(1);
    }

    public LocalDate next(LocalDate start) {
        return this == WEEK ? start.plusWeeks(1) : start.plusMonths(1);
    }

    /** The periods that overlap [from, to], whole, oldest first. */
    public List<LocalDate> periods(LocalDate from, LocalDate to) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate p = start(from); !p.isAfter(to); p = next(p)) {
            out.add(p);
        }
        return out;
    }

    /** The SQL (PostgreSQL) of the period start, as a local date, of a local timestamp expression. */
    public String sqlStart(String localTimestamp) {
        return "date_trunc('" + wire + "', " + localTimestamp + ")::date";
    }

    public static CohortPeriod parse(String value) {
        if (value == null || value.isBlank()) {
            return WEEK;
        }
        for (CohortPeriod p : values()) {
            if (p.wire.equals(value.trim())) {
                return p;
            }
        }
        throw new BadParameterException("cohort", "cohort must be week or month");
    }
}
