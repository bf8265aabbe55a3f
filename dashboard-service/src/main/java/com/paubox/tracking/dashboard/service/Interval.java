package com.paubox.tracking.dashboard.service;

/** Bucket width of a time series: an hour or a day of the requested time zone. */
public enum Interval {
    HOUR, DAY;

    public String wireName() {
        return name().toLowerCase();
    }

    public static Interval parse(String value) {
        if (value == null || value.isBlank()) {
            return DAY;
        }
        for (Interval i : values()) {
            if (i.wireName().equals(value)) {
                return i;
            }
        }
        throw new BadParameterException("interval", "interval must be hour or day");
    }
}
