package com.paubox.tracking.dashboard.service;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Instants in answers: ISO-8601 with the requested zone's offset, whole seconds ({@code 2026-11-29T00:00:00-05:00}). */
public final class TimeFormat {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private TimeFormat() {
    }

    public static String format(OffsetDateTime time, ZoneId zone) {
        return time == null ? null : time.atZoneSameInstant(zone).format(FORMAT);
    }
}
