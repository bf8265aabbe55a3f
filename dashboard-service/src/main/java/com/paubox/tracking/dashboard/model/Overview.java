package com.paubox.tracking.dashboard.model;

import java.util.Map;

/**
 * Totals over the filtered range. Averages are rounded to whole milliseconds, null when there is nothing to average.
 * {@code estimates} names the distinct counts (unique_users, unique_visitors, sessions) and how good each is.
 */
public record Overview(long pageViews, long uniqueUsers, long uniqueVisitors, long sessions, Long avgVisibleMs,
        Long avgDurationMs, long clicks, long loginSuccesses, long loginFailures, Map<String, Estimate> estimates) {
}
