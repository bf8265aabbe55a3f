package com.paubox.tracking.dashboard.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One metric per hour or day bucket of the requested zone, every bucket present (zero when empty; null for an
 * average over nothing).
 */
public record Timeseries(String metric, String interval, String tz, List<Point> points) implements CsvTable {

    /**
     * {@code t} is the bucket's start as an ISO-8601 date-time with the zone's offset; {@code estimates} (distinct metrics
     * only) says how good {@code value} is.
     */
    public record Point(String t, Long value, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Estimate> estimates) {
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
