package com.paubox.tracking.dashboard.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.account.AccountSort.Position;
import com.paubox.tracking.dashboard.repository.report.AccountUserPosition;
import com.paubox.tracking.dashboard.service.BadParameterException;

/** Cursors carry a position exactly (a double's every bit, a time's microseconds, a sub with ':' and '|') and refuse anything else. */
class AccountCursorsTest {

    @Test
    void accountPositionsRoundTrip() {
        for (Position p : new Position[] { new Position(-28.8, 1042), new Position(null, 7), new Position(1.7649e15, 3), new Position(0.1 + 0.2, 9) }) {
            assertEquals(p, AccountCursors.accounts(AccountCursors.accounts(AccountSort.CHANGE, p), AccountSort.CHANGE));
        }
        assertNull(AccountCursors.accounts(null, AccountSort.CHANGE));
        String cursor = AccountCursors.accounts(AccountSort.CHANGE, new Position(-1.0, 1));
        BadParameterException e = assertThrows(BadParameterException.class, () -> AccountCursors.accounts(cursor, AccountSort.PAGE_VIEWS));
        assertEquals("cursor", e.field());
        assertThrows(BadParameterException.class, () -> AccountCursors.accounts("%%%", AccountSort.CHANGE));
        assertThrows(BadParameterException.class, () -> AccountCursors.accounts("YWMxOmNoYW5nZTp4OjE", AccountSort.CHANGE), "ac1:change:x:1");
    }

    @Test
    void userPositionsRoundTrip() {
        AccountUserPosition p = new AccountUserPosition(OffsetDateTime.parse("2026-11-29T14:02:11.123456Z"), "auth0|a:b|c");
        assertEquals(p, AccountCursors.users(AccountCursors.users(p)));
        assertNull(AccountCursors.users(" "));
        assertThrows(BadParameterException.class, () -> AccountCursors.users("YXUxOnh5eg"), "au1:xyz");
        assertThrows(BadParameterException.class, () -> AccountCursors.users(AccountCursors.accounts(AccountSort.CHANGE, new Position(1.0, 1))));
    }

    @Test
    void ordersPutMissingValuesLastAndBreakTiesByCustomer() {
        var change = AccountSort.CHANGE.order();
        assertEquals(-1, Integer.signum(change.compare(new Position(-50.0, 9), new Position(-10.0, 1))), "the bigger drop first");
        assertEquals(-1, Integer.signum(change.compare(new Position(10.0, 9), new Position(null, 1))), "no previous users last");
        assertEquals(-1, Integer.signum(change.compare(new Position(5.0, 1), new Position(5.0, 2))), "ties by id");
        var views = AccountSort.PAGE_VIEWS.order();
        assertEquals(-1, Integer.signum(views.compare(new Position(100.0, 9), new Position(10.0, 1))), "the most first");
        assertEquals(-1, Integer.signum(views.compare(new Position(0.0, 9), new Position(null, 1))));
    }
}
