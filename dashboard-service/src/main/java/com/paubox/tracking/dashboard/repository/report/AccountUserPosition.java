package com.paubox.tracking.dashboard.repository.report;

import java.time.OffsetDateTime;

/** Where a page of a customer's users ends, in their order (last event newest first, then user_sub): a cursor's content. */
public record AccountUserPosition(OffsetDateTime lastSeen, String userSub) {
}
