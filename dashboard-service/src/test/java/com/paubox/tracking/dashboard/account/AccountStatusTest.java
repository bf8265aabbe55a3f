package com.paubox.tracking.dashboard.account;

import static com.paubox.tracking.dashboard.account.AccountStatus.DECLINING;
import static com.paubox.tracking.dashboard.account.AccountStatus.DORMANT;
import static com.paubox.tracking.dashboard.account.AccountStatus.GROWING;
import static com.paubox.tracking.dashboard.account.AccountStatus.NEW;
import static com.paubox.tracking.dashboard.account.AccountStatus.STEADY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every status at its boundary (docs/dashboard.md "Accounts"): the thresholds 25 % down / 25 % up, the order of precedence. */
class AccountStatusTest {

    static AccountStatus of(boolean quiet, boolean isNew, long now, long before) {
        return AccountStatus.of(quiet, isNew, now, before, 25, 25);
    }

    @Test
    void declineAndGrowthAtTheirThresholds() {
        assertEquals(DECLINING, of(false, false, 75, 100), "−25 %: declining");
        assertEquals(STEADY, of(false, false, 76, 100), "−24 %: steady");
        assertEquals(DECLINING, of(false, false, 3, 4), "3 of 4 (−25 %)");
        assertEquals(STEADY, of(false, false, 300_001, 400_000), "−24.99975 %: steady (no rounding decides)");
        assertEquals(DECLINING, of(false, false, 299_999, 400_000), "−25.00025 %: declining");
        assertEquals(GROWING, of(false, false, 125, 100), "+25 %: growing");
        assertEquals(STEADY, of(false, false, 124, 100), "+24 %: steady");
        assertEquals(STEADY, of(false, false, 100, 100), "unchanged");
        assertEquals(DECLINING, of(false, false, 0, 1), "every user gone but events left: declining");
    }

    @Test
    void withoutPreviousUsers() {
        assertEquals(GROWING, of(false, false, 1, 0), "users where there were none");
        assertEquals(STEADY, of(false, false, 0, 0), "anonymous events only, before and now");
    }

    @Test
    void dormantFirstThenNew() {
        assertEquals(DORMANT, of(true, true, 5, 0), "a new account already quiet is dormant");
        assertEquals(DORMANT, of(true, false, 10, 5), "quiet beats growing");
        assertEquals(NEW, of(false, true, 5, 0));
        assertEquals(NEW, of(false, true, 0, 0), "new with anonymous events only");
    }

    @Test
    void otherThresholds() {
        assertEquals(DECLINING, AccountStatus.of(false, false, 90, 100, 10, 50));
        assertEquals(STEADY, AccountStatus.of(false, false, 91, 100, 10, 50));
        assertEquals(STEADY, AccountStatus.of(false, false, 149, 100, 10, 50));
        assertEquals(GROWING, AccountStatus.of(false, false, 150, 100, 10, 50));
    }

    @Test
    void wireNames() {
        for (AccountStatus s : AccountStatus.values()) {
            assertEquals(s, AccountStatus.parse(s.wireName()));
        }
        assertEquals("declining", DECLINING.wireName());
        assertEquals(null, AccountStatus.parse("Declining"));
    }
}
