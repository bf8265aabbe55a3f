package com.paubox.tracking.dashboard.repository.report;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
        List<Measure> measures = switch (metric) {
            case PAGE_VIEWS -> List.of(Figures.PAGE_VIEWS);
            case CLICKS -> List.of(Figures.CLICKS);
            case LOGIN_SUCCESSES -> List.of(Figures.LOGIN_SUCCESSES);
            case LOGIN_FAILURES -> List.of(Figures.LOGIN_FAILURES);
            case AVG_VISIBLE_MS -> List.of(Figures.VISIBLE_SUM, Figures.VISIBLE_N);
            case AVG_DURATION_MS -> List.of(Figures.DURATION_SUM, Figures.DURATION_N);
            default -> List.of();
        };
        List<Distinct> distincts = switch (metric) {
            case UNIQUE_USERS -> List.of(Figures.USERS);
            case UNIQUE_VISITORS -> List.of(Figures.VISITORS);
            case SESSIONS -> List.of(Figures.SESSIONS);
            default -> List.of();
        };
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
                    values[bucket - 1] = metric.isAverage() ? Figures.avg(a.values[0], a.values[1])
                            : Long.valueOf(distincts.isEmpty() ? a.values[0] : a.distinct[0].value());
                    estimates[bucket - 1] = distincts.isEmpty() ? null : a.distinct[0].estimate();
                }
            }
            if (!distincts.isEmpty()) {
                for (int i = 0; i < estimates.length; i++) {
                    if (estimates[i] == null) {
                        estimates[i] = Estimate.EXACT_ZERO;
                    }
                }
            }
            return new Series(values, distincts.isEmpty() ? null : estimates);
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
