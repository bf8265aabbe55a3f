package com.paubox.tracking.dashboard.service;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a time series counts. Averages are the only metrics whose empty buckets are null instead of 0. */
public enum Metric {
    PAGE_VIEWS, UNIQUE_USERS, UNIQUE_VISITORS, SESSIONS, AVG_VISIBLE_MS, AVG_DURATION_MS, CLICKS, LOGIN_SUCCESSES, LOGIN_FAILURES;

    public boolean isAverage() {
        return this == AVG_VISIBLE_MS || this == AVG_DURATION_MS;
    }

    public String wireName() {
        return name().toLowerCase();
    }

    public static Metric parse(String value) {
        for (Metric m : values()) {
            if (m.wireName().equals(value)) {
                return m;
            }
        }
        throw new BadParameterException("metric", "metric must be one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Metric::wireName).collect(Collectors.joining(", "));
    }
}
