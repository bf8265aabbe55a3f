package com.paubox.tracking.dashboard.funnel;

import java.time.Duration;

import com.paubox.tracking.dashboard.service.BadParameterException;

/**
 * Where a funnel's steps must happen, in order: inside one {@code session} (the default; counted per session), on one
 * local {@code day} of the query's zone, or within {@code 7d} (7 × 24 hours) of the first step (both counted per
 * signed-in user).
 */
public enum FunnelWindow {
    SESSION("session", null), DAY("day", null), SEVEN_DAYS("7d", Duration.ofDays(7));

    private final String wire;
    private final Duration span;

    FunnelWindow(String wire, Duration span) {
        this.wire = wire;
        this.span = span;
    }

    public String wire() {
        return wire;
    }

    /** The longest time from the first step to the last; null: no limit but the session's or the day's. */
    public Duration span() {
        return span;
    }

    /** Journeys are a user's (day, 7d) rather than a session's. */
    public boolean perUser() {
        return this != SESSION;
    }

    public static FunnelWindow parse(String value) {
        if (value == null || value.isBlank()) {
            return SESSION;
        }
        for (FunnelWindow w : values()) {
            if (w.wire.equals(value.trim())) {
                return w;
            }
        }
        throw new BadParameterException("within", "within must be session, day or 7d");
    }
}
