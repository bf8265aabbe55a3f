package com.paubox.tracking.dashboard.model;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Retention cohorts (docs/dashboard.md "Retention"): per cohort — the users (or visitors) first seen ever in that
 * period — how many were active in the period itself (all of them) and in each later period up to the range's end.
 * Exact. {@code periods}: the start (local date) of every period of the range, oldest first.
 */
public record RetentionReport(String cohort, String counted, List<String> periods, List<Cohort> cohorts) implements CsvTable {

    /** {@code active[k]} / {@code activePct[k]}: the cohort's users active in its period + k (k = 0: the cohort itself, 100 %). */
    @Schema(name = "RetentionCohort")
    public record Cohort(String period, long size, List<Long> active, List<Double> activePct) {
    }

    @Override
    public List<String> csvHeader() {
        List<String> header = new ArrayList<>(List.of("cohort", "size"));
        for (int k = 0; k < periods.size(); k++) {
            header.add("period_" + k);
        }
        return header;
    }

    @Override
    public List<List<Object>> csvRows() {
        return cohorts.stream().map(c -> {
            List<Object> line = new ArrayList<>(List.of(c.period(), c.size()));
            line.addAll(c.active());
            while (line.size() < periods.size() + 2) {
                line.add(null);
            }
            return line;
        }).toList();
    }
}
