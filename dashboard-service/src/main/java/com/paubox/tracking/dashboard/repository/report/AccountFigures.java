package com.paubox.tracking.dashboard.repository.report;

import java.util.Map;

import com.paubox.tracking.dashboard.model.Estimate;

/**
 * One customer's figures for /accounts that order, filter and classify every account (the range and its previous
 * period), before status, sort and paging. {@code lastSeenMicros}: its latest event in the range (null: none);
 * {@code firstEventInRange}: it has no event before the range at all. The shown rows' other figures: {@link AccountDetails}.
 */
public record AccountFigures(long customerId, long activeUsers, Estimate activeUsersEstimate, long previousUsers, Estimate previousUsersEstimate,
        long pageViews, Map<String, Long> keyActionUsers, long usersWithKeyAction, long loginSuccesses, long loginFailures, Long lastSeenMicros,
        boolean firstEventInRange) {
}
