package com.paubox.tracking.dashboard.model;

/** Totals over the filtered range. Averages are rounded to whole milliseconds, null when there is nothing to average. */
public record Overview(long pageViews, long uniqueUsers, long uniqueVisitors, long sessions, Long avgVisibleMs,
        Long avgDurationMs, long clicks, long loginSuccesses, long loginFailures) {
}
