package com.paubox.tracking.dashboard.service;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

import com.paubox.tracking.dashboard.repository.report.AnalyticsQuery;

import jakarta.enterprise.context.ApplicationScoped;

/** Turns the raw query parameters into a validated {@link AnalyticsQuery}; anything unusable is a {@link BadParameterException}. */
@ApplicationScoped
public class QueryParser {

    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 400;
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private static final Pattern SURFACE = Pattern.compile("[A-Za-z0-9_.:-]{1,32}");
    private static final int MAX_PATH_CHARS = 1024;

    private final Clock clock;

    public QueryParser() {
        this(Clock.systemUTC());
    }

    QueryParser(Clock clock) {
        this.clock = clock;
    }

    public AnalyticsQuery parse(String from, String to, String tz, String customerId, String surface, String pathPrefix) {
        ZoneId zone = zone(tz);
        LocalDate toDate = isBlank(to) ? LocalDate.now(clock.withZone(zone)) : date("to", to);
        LocalDate fromDate = isBlank(from) ? toDate.minusDays(DEFAULT_DAYS - 1) : date("from", from);
        if (fromDate.isAfter(toDate)) {
            throw new BadParameterException("from", "from must not be after to");
        }
        if (ChronoUnit.DAYS.between(fromDate, toDate) + 1 > MAX_DAYS) {
            throw new BadParameterException("to", "the range covers at most " + MAX_DAYS + " days");
        }
        return new AnalyticsQuery(fromDate, toDate, zone, customerId(customerId), surface(surface), pathPrefix(pathPrefix));
    }

    public int limit(String value) {
        return limit(value, MAX_LIMIT);
    }

    /** A {@code limit} from 1 to {@code max} (default {@value #DEFAULT_LIMIT}). */
    public int limit(String value, int max) {
        if (isBlank(value)) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadParameterException("limit", "limit must be an integer from 1 to " + max);
    }

    private static ZoneId zone(String tz) {
        if (isBlank(tz)) {
            return ZoneId.of("UTC");
        }
        // Region ids only (Europe/Paris, UTC, Etc/GMT+5): an offset like +05:00 is not a time zone.
        if (!ZoneId.getAvailableZoneIds().contains(tz)) {
            throw new BadParameterException("tz", "tz must be an IANA time zone such as UTC or America/New_York");
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new BadParameterException("tz", "tz must be an IANA time zone such as UTC or America/New_York");
        }
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadParameterException(field, field + " must be an ISO date (YYYY-MM-DD)");
        }
    }

    /** A customer_id parameter (path or query): a positive integer, or null when blank. */
    public static Long customerId(String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadParameterException("customer_id", "customer_id must be a positive integer");
    }

    private static String surface(String value) {
        if (isBlank(value)) {
            return null;
        }
        if (!SURFACE.matcher(value).matches()) {
            throw new BadParameterException("surface", "surface must match [A-Za-z0-9_.:-]{1,32}");
        }
        return value;
    }

    private static String pathPrefix(String value) {
        if (isBlank(value)) {
            return null;
        }
        if (!value.startsWith("/") || value.length() > MAX_PATH_CHARS || value.indexOf('\u0000') >= 0) {
            throw new BadParameterException("path_prefix", "path_prefix must start with / and hold at most " + MAX_PATH_CHARS + " characters (no NUL)");
        }
        return value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
