package com.paubox.tracking.dashboard.repository.report;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.paubox.tracking.dashboard.funnel.FunnelMatcher;
import com.paubox.tracking.dashboard.funnel.FunnelStep;
import com.paubox.tracking.dashboard.funnel.FunnelWindow;
import com.paubox.tracking.dashboard.model.ClicksReport;
import com.paubox.tracking.dashboard.model.RetentionReport;
import com.paubox.tracking.dashboard.retention.CohortPeriod;
import com.paubox.tracking.dashboard.retention.RetentionTable;
import com.paubox.tracking.dashboard.model.CustomersReport;
import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.model.LoginsReport;
import com.paubox.tracking.dashboard.model.Overview;
import com.paubox.tracking.dashboard.model.PagesReport;
import com.paubox.tracking.dashboard.model.SessionsReport;
import com.paubox.tracking.dashboard.privacy.SmallGroups;
import com.paubox.tracking.dashboard.repository.report.TimeseriesQuery.Series;
import com.paubox.tracking.dashboard.service.Metric;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The dashboard's reports, each answered in one {@link Snapshot} (one REPEATABLE READ, READ ONLY transaction). They read
 * the rollup cubes (V31/V32) and the raw events the cubes do not cover yet ({@link RollupQuery}). Additive figures are
 * exact; distinct users, visitors and sessions come from HLL sketches and carry an {@link Estimate} (exact while a
 * sketch holds every value). Lists rank by an additive figure first and fetch sketches only for the rows they show.
 */
@ApplicationScoped
public class AnalyticsReports {

    private final Pool pool;
    private final SmallGroups smallGroups;

    public AnalyticsReports(Pool pool, SmallGroups smallGroups) {
        this.pool = pool;
        this.smallGroups = smallGroups;
    }

    public Uni<Overview> overview(AnalyticsQuery q) {
        return Snapshot.read(pool, q, OverviewQuery::answer);
    }

    /** {@code bucketStarts}: computed by the caller in the requested zone (see {@link TimeseriesQuery}). */
    public Uni<Series> timeseries(AnalyticsQuery q, Metric metric, OffsetDateTime[] bucketStarts) {
        return Snapshot.read(pool, q, s -> TimeseriesQuery.answer(s, metric, bucketStarts));
    }

    public Uni<PagesReport> pages(AnalyticsQuery q, int limit) {
        return Snapshot.read(pool, q, s -> PagesQuery.answer(s, limit));
    }

    public Uni<ClicksReport> clicks(AnalyticsQuery q, int limit) {
        return Snapshot.read(pool, q, s -> ClicksQuery.answer(s, limit));
    }

    public Uni<SessionsReport> sessions(AnalyticsQuery q) {
        return Snapshot.read(pool, q, SessionsQuery::answer);
    }

    public Uni<LoginsReport> logins(AnalyticsQuery q) {
        return Snapshot.read(pool, q, s -> LoginsQuery.answer(s, smallGroups.minUsers()));
    }

    public Uni<CustomersReport> customers(AnalyticsQuery q, int limit) {
        return Snapshot.readInParallel(pool, q, s -> CustomersQuery.answer(s, limit));
    }

    /**
     * /accounts in one snapshot: every customer's figures, {@code select}ed by the caller (status, order, paging), then
     * the details of the {@code shown} customers of that selection, and the {@code answer}.
     */
    public <S, T> Uni<T> accounts(AnalyticsQuery q, List<String> keyActions, Function<List<AccountFigures>, S> select, Function<S, List<Long>> shown,
            BiFunction<S, Map<Long, AccountDetails>, T> answer) {
        return Snapshot.readInParallel(pool, q, s -> AccountsQuery.answer(s, keyActions).flatMap(all -> {
            S selection = select.apply(all);
            return AccountsQuery.details(s, shown.apply(selection)).map(details -> answer.apply(selection, details));
        }));
    }

    /** A page of a customer's users: up to {@code limit} after {@code after} (null: the first page). */
    public Uni<List<AccountUser>> accountUsers(AnalyticsQuery q, long customerId, List<String> keyActions, int limit, AccountUserPosition after) {
        return Snapshot.read(pool, q, s -> AccountUsersQuery.answer(s, customerId, keyActions, limit, after));
    }

    /** A funnel's counts per step, exact (raw events of the steps only). */
    public Uni<List<FunnelMatcher.StepResult>> funnel(AnalyticsQuery q, List<FunnelStep> steps, FunnelWindow window) {
        return Snapshot.readInParallel(pool, q, s -> FunnelQuery.answer(s, steps, window));
    }

    /** Retention cohorts, exact: the triangle of active users per (cohort, period); its three reads on two connections. */
    public Uni<RetentionReport> retention(AnalyticsQuery q, CohortPeriod period, boolean visitors) {
        return Snapshot.readInParallel(pool, q, s -> RetentionQuery.answer(s, period, visitors)).map(cells -> RetentionTable.of(period, visitors,
                period.periods(q.from(), q.to()), (c, p) -> cells.getOrDefault(new RetentionQuery.Cell(c, p), 0L)));
    }
}
