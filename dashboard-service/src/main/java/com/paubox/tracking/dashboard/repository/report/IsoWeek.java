package com.paubox.tracking.dashboard.repository.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** An ISO week (Monday first) of a range of local days, cut to the range: {@code from}..{@code to} inclusive. */
public record IsoWeek(LocalDate monday, LocalDate from, LocalDate to) {

    /** The weeks that overlap [from, to], oldest first. */
    public static List<IsoWeek> of(LocalDate from, LocalDate to) {
        List<IsoWeek> weeks = new ArrayList<>();
        for (LocalDate monday = from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)); !monday.isAfter(to); monday = monday.plusWeeks(1)) {
            LocalDate sunday = monday.plusDays(6);
            weeks.add(new IsoWeek(monday, monday.isBefore(from) ? from : monday, sunday.isAfter(to) ? to : sunday));
        }
        return weeks;
    }
}
