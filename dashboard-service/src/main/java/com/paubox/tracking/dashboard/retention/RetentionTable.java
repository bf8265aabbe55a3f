package com.paubox.tracking.dashboard.retention;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import com.paubox.tracking.dashboard.model.RetentionReport;

/** The cohort triangle from the counts per (cohort, active period). */
public final class RetentionTable {

    private RetentionTable() {
    }

    /** {@code active.apply(cohort, period)}: the cohort's users active in that period (0 when none). */
    public static RetentionReport of(CohortPeriod period, boolean visitors, List<LocalDate> periods, BiFunction<LocalDate, LocalDate, Long> active) {
        List<RetentionReport.Cohort> cohorts = new ArrayList<>();
        for (int i = 0; i < periods.size(); i++) {
            LocalDate c = periods.get(i);
            long size = active.apply(c, c);
            List<Long> counts = new ArrayList<>();
            List<Double> pcts = new ArrayList<>();
            for (int j = i; j < periods.size(); j++) {
                long n = active.apply(c, periods.get(j));
                counts.add(n);
                pcts.add(size == 0 ? null : BigDecimal.valueOf(n * 100).divide(BigDecimal.valueOf(size), 1, RoundingMode.HALF_UP).doubleValue());
            }
            cohorts.add(new RetentionReport.Cohort(c.toString(), size, counts, pcts));
        }
        return new RetentionReport(period.wire(), visitors ? "visitors" : "users", periods.stream().map(LocalDate::toString).toList(), cohorts);
    }
}
