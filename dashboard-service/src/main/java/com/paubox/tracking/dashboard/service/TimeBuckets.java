package com.paubox.tracking.dashboard.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import com.paubox.tracking.dashboard.repository.report.AnalyticsQuery;

/**
 * Bucket starts of a time series over the query range, in the query's zone: local midnights for days
 * (23 or 25 hours long on DST changes), every hour of the timeline for hours.
 */
public final class TimeBuckets {

    private TimeBuckets() {
    }

    public static List<ZonedDateTime> starts(AnalyticsQuery query, Interval interval) {
        List<ZonedDateTime> starts = new ArrayList<>();
        ZonedDateTime end = query.to().plusDays(1).atStartOfDay(query.zone());
        ZonedDateTime t = query.from().atStartOfDay(query.zone());
        while (t.isBefore(end)) {
            starts.add(t);
            t = interval == Interval.DAY ? t.toLocalDate().plusDays(1).atStartOfDay(query.zone()) : t.plusHours(1);
        }
        return starts;
    }

    public static OffsetDateTime[] asInstants(List<ZonedDateTime> starts) {
        return starts.stream().map(z -> z.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new);
    }
}
