package com.paubox.tracking.dashboard.repository.report;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Distinct;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Measure;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;
import com.paubox.tracking.dashboard.service.Metric;

import io.smallrye.mutiny.Uni;

/**
 * /timeseries: values per bucket (and their estimates for distinct metrics), keyed by bucket number (1 = the first
 * threshold). The bucket starts are computed by the caller in the requested zone, so PostgreSQL never interprets a
 * zone name. Cube rows are used only when every bucket starts on a whole UTC hour (day rows: on a UTC midnight).
 */
public final class TimeseriesQuery {

    /** A time series' values (null: an average over nothing) and, for distinct metrics, each value's estimate. */
    public record Series(Long[] values, Estimate[] estimates) {
    }

    private TimeseriesQuery() {
    }

    static Uni<Series> answer(Snapshot s, Metric metric, OffsetDateTime[] bucketStarts) {
        AnalyticsQuery q = s.query();
        boolean hours = hourAligned(q.end());
        boolean days = dayAligned(q.end());
        for (OffsetDateTime t : bucketStarts) {
            hours &= hourAligned(t);
            days &= dayAligned(t);
        }
        SqlFilter f = SqlFilter.none();
        // hour rows only when every bucket starts on a whole UTC hour; otherwise raw events alone
        CubeSource cube = hours ? Filters.totals(q, f) : null;
        String raw = Filters.raw(q, f);
        String buckets = f.bind(bucketStarts);
        // the counter (for an average: its sum), an average's divisor and the distinct count the metric reads (null: none)
        Measure counter = switch (metric) {
            case PAGE_VIEWS -> Figures.PAGE_VIEWS;
            case CLICKS -> Figures.CLICKS;
            case LOGIN_SUCCESSES -> Figures.LOGIN_SUCCESSES;
            case LOGIN_FAILURES -> Figures.LOGIN_FAILURES;
            case AVG_VISIBLE_MS -> Figures.VISIBLE_SUM;
            case AVG_DURATION_MS -> Figures.DURATION_SUM;
            default -> null;
        };
        Measure divisor = switch (metric) {
            case AVG_VISIBLE_MS -> Figures.VISIBLE_N;
            case AVG_DURATION_MS -> Figures.DURATION_N;
            default -> null;
        };
        Distinct distinct = switch (metric) {
            case UNIQUE_USERS -> Figures.USERS;
            case UNIQUE_VISITORS -> Figures.VISITORS;
            case SESSIONS -> Figures.SESSIONS;
            default -> null;
        };
        List<Measure> measures = Stream.of(counter, divisor).filter(Objects::nonNull).toList();
        List<Distinct> distincts = distinct == null ? List.of() : List.of(distinct);
        Aggregation perBucket = Aggregation.by(List.of("width_bucket(bucket, " + buckets + "::timestamptz[])"),
                List.of("width_bucket(occurred_at, " + buckets + "::timestamptz[])")).cube(cube).raw(raw).measures(measures).distincts(distincts);
        return s.plan(cube != null, days).flatMap(plan -> s.aggregate(plan, f, perBucket)).map(m -> {
            Long[] values = new Long[bucketStarts.length];
            if (!metric.isAverage()) {
                Arrays.fill(values, 0L);
            }
            Estimate[] estimates = new Estimate[bucketStarts.length];
            for (Map.Entry<List<Object>, Acc> e : m.entrySet()) {
                int bucket = ((Number) e.getKey().get(0)).intValue();
                if (bucket >= 1 && bucket <= values.length) {
                    Acc a = e.getValue();
                    values[bucket - 1] = metric.isAverage() ? Figures.avg(a.value(counter), a.value(divisor))
                            : Long.valueOf(distinct == null ? a.value(counter) : a.distinct(distinct).value());
                    estimates[bucket - 1] = distinct == null ? null : a.distinct(distinct).estimate();
                }
            }
            if (distinct != null) {
                for (int i = 0; i < estimates.length; i++) {
                    if (estimates[i] == null) {
                        estimates[i] = Estimate.EXACT_ZERO;
                    }
                }
            }
            return new Series(values, distinct == null ? null : estimates);
        });
    }

    static boolean hourAligned(OffsetDateTime t) {
        return t.getMinute() == 0 && t.getSecond() == 0 && t.getNano() == 0 && t.getOffset().getTotalSeconds() % 3600 == 0;
    }

    static boolean dayAligned(OffsetDateTime t) {
        OffsetDateTime u = t.withOffsetSameInstant(ZoneOffset.UTC);
        return u.getHour() == 0 && u.getMinute() == 0 && u.getSecond() == 0 && u.getNano() == 0;
    }
}
