package com.paubox.tracking.dashboard.account;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

import com.paubox.tracking.dashboard.account.AccountList.Summary;

/**
 * The orders of /accounts: by the change of active users (the biggest drop first), or by active users, page views, last
 * event or adoption (the most first). A row without the value (no previous users, no event, no active user) comes
 * last; ties go to the lower customer id, so every order is total and a cursor position is exact.
 */
public enum AccountSort {
    CHANGE(true, s -> s.changePct()),
    ACTIVE_USERS(false, s -> (double) s.figures().activeUsers()),
    PAGE_VIEWS(false, s -> (double) s.figures().pageViews()),
    /** µs since the epoch: exact as a double (below 2^53). */
    LAST_SEEN(false, s -> s.figures().lastSeenMicros() == null ? null : s.figures().lastSeenMicros().doubleValue()),
    ADOPTION(false, s -> s.adoptionPct());

    private final boolean ascending;
    private final Function<Summary, Double> value;

    AccountSort(boolean ascending, Function<Summary, Double> value) {
        this.ascending = ascending;
        this.value = value;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccountSort parse(String wire) {
        for (AccountSort s : values()) {
            if (s.wireName().equals(wire)) {
                return s;
            }
        }
        return null;
    }

    /** The account's position in this order: its sort value (null: none) and customer id. */
    public Position position(Summary account) {
        return new Position(value.apply(account), account.figures().customerId());
    }

    /** Positions in this order. */
    public Comparator<Position> order() {
        Comparator<Double> byValue = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
        return Comparator.comparing(Position::value, Comparator.nullsLast(byValue)).thenComparingLong(Position::customerId);
    }

    /** Where a row stands in an order; also what a cursor holds. */
    public record Position(Double value, long customerId) {
    }
}
