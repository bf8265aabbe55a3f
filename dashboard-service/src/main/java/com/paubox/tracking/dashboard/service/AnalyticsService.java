package com.paubox.tracking.dashboard.service;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.funnel.FunnelStep;
import com.paubox.tracking.dashboard.funnel.FunnelSteps;
import com.paubox.tracking.dashboard.funnel.FunnelWindow;
import com.paubox.tracking.dashboard.model.ClicksReport;
import com.paubox.tracking.dashboard.model.FunnelReport;
import com.paubox.tracking.dashboard.model.RetentionReport;
import com.paubox.tracking.dashboard.retention.CohortPeriod;
import com.paubox.tracking.dashboard.model.CustomersReport;
import com.paubox.tracking.dashboard.model.LoginsReport;
import com.paubox.tracking.dashboard.model.Overview;
import com.paubox.tracking.dashboard.model.PagesReport;
import com.paubox.tracking.dashboard.model.SessionsReport;
import com.paubox.tracking.dashboard.model.Timeseries;
import com.paubox.tracking.dashboard.repository.report.AnalyticsQuery;
import com.paubox.tracking.dashboard.repository.report.AnalyticsReports;

import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The answers of the analytics endpoints, kept for a short while ({@value #CACHE}, docs/dashboard.md "Answer
 * cache"): admins ask the same 30-day questions again and again. The key is the endpoint and every parameter of the answer ({@link AnswerKey}; all
 * dates are resolved, so "the last 30 days" of another day is another key); identical requests arriving together share one query. Erasure
 * empties the cache. Only the answer is kept, never a token or who asked; every call is still audited.
 */
@ApplicationScoped
public class AnalyticsService {

    /** Cache name; its size and lifetime are quarkus.cache.caffeine."analytics-answers".* in application.properties. */
    public static final String CACHE = "analytics-answers";

    private final AnalyticsReports reports;

    public AnalyticsService(AnalyticsReports reports) {
        this.reports = reports;
    }

    @CacheResult(cacheName = CACHE, keyGenerator = AnswerKey.class)
    public Uni<Overview> overview(AnalyticsQuery query) {
        return reports.overview(query);
    }

    @CacheResult(cacheName = CACHE, keyGenerator = AnswerKey.class)
    public Uni<Timeseries> timeseries(AnalyticsQuery query, Metric metric, Interval interval) {
        List<ZonedDateTime> starts = TimeBuckets.starts(query, interval);
        return reports.timeseries(query, metric, TimeBuckets.asInstants(starts)).map(series -> {
            List<Timeseries.Point> points = new ArrayList<>(starts.size());
            for (int k = 0; k < starts.size(); k++) {
                points.add(new Timeseries.Point(TimeFormat.format(starts.get(k).toOffsetDateTime(), query.zone()), series.values()[k],
                        series.estimates() == null ? null : Map.of("value", series.estimates()[k])));
            }
            return new Timeseries(metric.wireName(), interval.wireName(), query.zone().getId(), points);
        });
    }

    @CacheResult(cacheName = CACHE, keyGenerator = AnswerKey.class)
    public Uni<PagesReport> pages(AnalyticsQuery query, int limit) {
        return reports.pages(query, limit);
    }

    @CacheResult(cacheName = CACHE, keyGenerator = AnswerKey.class)
    public Uni<ClicksReport> clicks(AnalyticsQuery query, int limit) {
        return reports.clicks(query, limit);
    }

    @CacheResult(cacheName = CACHE, keyGenerator = AnswerKey.class)
    public Uni<SessionsReport> sessions(AnalyticsQuery query) {
        return reports.sessions(query);
    }

    @CacheResult(cacheName = CACHE, keyGenerator = AnswerKey.class)
    public Uni<LoginsReport> logins(AnalyticsQuery query) {
        return reports.logins(query);
    }

    @CacheResult(cacheName = CACHE, keyGenerator = AnswerKey.class)
    public Uni<CustomersReport> customers(AnalyticsQuery query, int limit) {
        return reports.customers(query, limit);
    }

    @CacheResult(cacheName = CACHE, keyGenerator = AnswerKey.class)
    public Uni<FunnelReport> funnel(AnalyticsQuery query, List<FunnelStep> steps, FunnelWindow window) {
        return reports.funnel(query, steps, window).map(results -> FunnelSteps.report(steps, window, results));
    }

    @CacheResult(cacheName = CACHE, keyGenerator = AnswerKey.class)
    public Uni<RetentionReport> retention(AnalyticsQuery query, CohortPeriod period, boolean visitors) {
        return reports.retention(query, period, visitors);
    }
}
