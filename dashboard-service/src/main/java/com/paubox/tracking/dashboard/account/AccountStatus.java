package com.paubox.tracking.dashboard.account;

import java.util.Locale;

/**
 * An account's health over a range (docs/dashboard.md "Accounts"). The first that applies: {@code dormant} (no event
 * in the range's last N days), {@code new} (its first event ever is inside the range), {@code declining} /
 * {@code growing} (active users changed by at least the thresholds against the previous period of the same length;
 * growing also when the previous period had none), else {@code steady}.
 */
public enum AccountStatus {
    DORMANT, NEW, DECLINING, GROWING, STEADY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param quiet no event in the range's last dormant-days days
     * @param firstEventInRange the account's first event ever is inside the range
     * @param activeUsers distinct signed-in users in the range
     * @param previousUsers the same in the previous period
     */
    public static AccountStatus of(boolean quiet, boolean firstEventInRange, long activeUsers, long previousUsers, int declinePct, int growthPct) {
        if (quiet) {
            return DORMANT;
        }
        if (firstEventInRange) {
            return NEW;
        }
        if (previousUsers == 0) {
            return activeUsers > 0 ? GROWING : STEADY;
        }
        // integer comparison of the change against the thresholds: no rounding decides a boundary
        long change100 = (activeUsers - previousUsers) * 100;
        if (change100 <= -(long) declinePct * previousUsers) {
            return DECLINING;
        }
        if (change100 >= (long) growthPct * previousUsers) {
            return GROWING;
        }
        return STEADY;
    }

    /** The status named by its wire name, or null. */
    public static AccountStatus parse(String wire) {
        for (AccountStatus s : values()) {
            if (s.wireName().equals(wire)) {
                return s;
            }
        }
        return null;
    }
}
