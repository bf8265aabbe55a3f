package com.paubox.tracking.dashboard.repository.report;

import java.time.OffsetDateTime;
import java.util.List;

/** One of a customer's users in a range (/accounts/{customer_id}/users): first and last event there, sessions, page views, key actions done. */
public record AccountUser(String userSub, OffsetDateTime firstSeen, OffsetDateTime lastSeen, long sessions, long pageViews, List<String> keyActions) {

    /** Where this user stands in the list's order: what the next page's cursor holds. */
    public AccountUserPosition position() {
        return new AccountUserPosition(lastSeen, userSub);
    }
}
