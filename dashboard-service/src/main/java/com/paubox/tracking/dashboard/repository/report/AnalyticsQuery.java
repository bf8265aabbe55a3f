package com.paubox.tracking.dashboard.repository.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The validated filters every endpoint shares. {@code from}/{@code to} are local dates in {@code zone};
 * the range is [{@code from} 00:00, {@code to}+1 day 00:00) in that zone.
 */
public record AnalyticsQuery(LocalDate from, LocalDate to, ZoneId zone, Long customerId, String surface, String pathPrefix) {

    /** Inclusive lower bound of the range, as an instant (UTC offset). */
    public OffsetDateTime start() {
        return from.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** Exclusive upper bound of the range. */
    public OffsetDateTime end() {
        return to.plusDays(1).atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }
}
