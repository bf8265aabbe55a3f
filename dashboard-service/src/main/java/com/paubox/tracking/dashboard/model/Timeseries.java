package com.paubox.tracking.dashboard.model;

import java.util.Arrays;
import java.util.List;

/**
 * One metric per hour or day bucket of the requested zone, every bucket present (zero when empty; null for an
 * average over nothing).
 */
public record Timeseries(String metric, String interval, String tz, List<Point> points) implements CsvTable {

    /** {@code t} is the bucket's start as an ISO-8601 date-time with the zone's offset. */
    public record Point(String t, Long value) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of("t", "value");
    }

    @Override
    public List<List<Object>> csvRows() {
        return points.stream().map(p -> Arrays.<Object>asList(p.t(), p.value())).toList();
    }
}
