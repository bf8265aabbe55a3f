package com.paubox.tracking.dashboard.audit;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

import com.paubox.tracking.dashboard.service.BadParameterException;

/** Validates the listing's raw parameters; anything unusable is a {@link BadParameterException} naming the field. */
public final class AuditQueryParser {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private static final String CURSOR_PREFIX = "a1:";
    private static final Pattern SUBJECT = Pattern.compile("\\S{1,128}");
    private static final int MAX_PREFIX_CHARS = 1024;

    private AuditQueryParser() {
    }

    public static AuditQuery parse(String from, String to, String subject, String status, String endpointPrefix, String limit, String cursor) {
        OffsetDateTime fromTime = isBlank(from) ? null : time("from", from, false);
        OffsetDateTime toTime = isBlank(to) ? null : time("to", to, true);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw new BadParameterException("from", "from must be before to");
        }
        return new AuditQuery(fromTime, toTime, subject(subject), status(status), endpointPrefix(endpointPrefix), limit(limit), cursor(cursor));
    }

    /** The cursor of the page after the one that ended with this id. */
    public static String cursorAfter(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + lastId).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * An ISO date (a UTC day: from its start, to its end inclusive) or an ISO date-time with an offset
     * (an instant: from inclusive, to exclusive).
     */
    private static OffsetDateTime time(String field, String value, boolean end) {
        String text = value.trim();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (end ? day.plusDays(1) : day).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadParameterException(field, field + " must be an ISO date (YYYY-MM-DD, UTC) or date-time with offset (2026-11-30T13:00:00Z)");
        }
    }

    private static String subject(String value) {
        if (isBlank(value)) {
            return null;
        }
        if (!SUBJECT.matcher(value).matches()) {
            throw new BadParameterException("subject", "subject must be 1 to 128 characters without whitespace");
        }
        return value;
    }

    private static Integer status(String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            int status = Integer.parseInt(value.trim());
            if (status >= 100 && status <= 599) {
                return status;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadParameterException("status", "status must be an HTTP status code from 100 to 599");
    }

    private static String endpointPrefix(String value) {
        if (isBlank(value)) {
            return null;
        }
        if (!value.startsWith("/") || value.length() > MAX_PREFIX_CHARS || value.indexOf('\u0000') >= 0) {
            throw new BadParameterException("endpoint_prefix", "endpoint_prefix must start with / and hold at most " + MAX_PREFIX_CHARS + " characters (no NUL)");
        }
        return value;
    }

    private static int limit(String value) {
        if (isBlank(value)) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadParameterException("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
    }

    private static Long cursor(String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(value.trim()), StandardCharsets.US_ASCII);
            if (text.startsWith(CURSOR_PREFIX)) {
                long id = Long.parseLong(text.substring(CURSOR_PREFIX.length()));
                if (id >= 1) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // NumberFormatException included: refused below
        }
        throw new BadParameterException("cursor", "cursor must be the `next` value of a previous page");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
