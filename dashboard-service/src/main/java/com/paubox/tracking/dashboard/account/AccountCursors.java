package com.paubox.tracking.dashboard.account;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import com.paubox.tracking.dashboard.account.AccountSort.Position;
import com.paubox.tracking.dashboard.repository.report.AccountUserPosition;
import com.paubox.tracking.dashboard.service.BadParameterException;

/**
 * The opaque {@code cursor}/{@code next} values of /accounts and /accounts/{id}/users: the last row's position in the
 * page's order (base64url text), so the next page starts right after it even when rows arrive or go in between.
 */
public final class AccountCursors {

    private static final String ACCOUNTS = "ac1:";
    private static final String USERS = "au1:";

    private AccountCursors() {
    }

    public static String accounts(AccountSort sort, Position last) {
        return encode(ACCOUNTS + sort.wireName() + ":" + (last.value() == null ? "" : Double.toString(last.value())) + ":" + last.customerId());
    }

    /** The position a cursor of this sort holds; null without a cursor. */
    public static Position accounts(String cursor, AccountSort sort) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String text = decode(cursor);
        String prefix = ACCOUNTS + sort.wireName() + ":";
        if (text != null && text.startsWith(prefix)) {
            String[] parts = text.substring(prefix.length()).split(":", -1);
            try {
                if (parts.length == 2) {
                    return new Position(parts[0].isEmpty() ? null : Double.valueOf(parts[0]), Long.parseLong(parts[1]));
                }
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw invalid("the `next` value of a previous page with the same sort");
    }

    public static String users(AccountUserPosition last) {
        Instant t = last.lastSeen().toInstant();
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, t);
        return encode(USERS + micros + ":" + last.userSub());
    }

    public static AccountUserPosition users(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String text = decode(cursor);
        if (text != null && text.startsWith(USERS)) {
            int colon = text.indexOf(':', USERS.length());
            try {
                if (colon > 0) {
                    long micros = Long.parseLong(text.substring(USERS.length(), colon));
                    OffsetDateTime at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
                    return new AccountUserPosition(at, text.substring(colon + 1));
                }
            } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
                // refused below
            }
        }
        throw invalid("the `next` value of a previous page");
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static BadParameterException invalid(String what) {
        return new BadParameterException("cursor", "cursor must be " + what);
    }
}
