package com.paubox.tracking.dashboard.model;

import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A funnel (docs/dashboard.md "Funnels"): per step in order, the journeys that reached it. Exact. {@code counted}:
 * what a journey is and what the conversions divide — {@code sessions} (within a session) or {@code users} (signed-in
 * users, within a day or 7 days).
 */
public record FunnelReport(String within, String counted, List<Step> steps) implements CsvTable {

    /**
     * {@code dropOff}: journeys that reached the step before but not this one. Percentages with one decimal; null for the
     * first step (from the previous; drop-off) or when the step before was reached by none.
     */
    @Schema(name = "FunnelStep")
    public record Step(String step, long sessions, long users, @Schema(nullable = true) Double conversionFromPreviousPct,
            @Schema(nullable = true) Double conversionFromFirstPct, @Schema(nullable = true) Long medianTimeFromPreviousMs,
            @Schema(nullable = true) Long dropOff, @Schema(nullable = true) Double dropOffPct) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of("step", "sessions", "users", "conversion_from_previous_pct", "conversion_from_first_pct", "median_time_from_previous_ms",
                "drop_off", "drop_off_pct");
    }

    @Override
    public List<List<Object>> csvRows() {
        return steps.stream().map(s -> Arrays.<Object>asList(s.step(), s.sessions(), s.users(), s.conversionFromPreviousPct(),
                s.conversionFromFirstPct(), s.medianTimeFromPreviousMs(), s.dropOff(), s.dropOffPct())).toList();
    }
}
