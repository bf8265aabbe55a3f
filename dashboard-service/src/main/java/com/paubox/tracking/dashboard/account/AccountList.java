package com.paubox.tracking.dashboard.account;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.paubox.tracking.dashboard.account.AccountSort.Position;
import com.paubox.tracking.dashboard.model.AccountsReport;
import com.paubox.tracking.dashboard.model.AccountsReport.Row;
import com.paubox.tracking.dashboard.repository.report.AccountDetails;
import com.paubox.tracking.dashboard.repository.report.AccountFigures;
import com.paubox.tracking.dashboard.repository.report.AnalyticsQuery;
import com.paubox.tracking.dashboard.repository.report.IsoWeek;
import com.paubox.tracking.dashboard.service.TimeFormat;

/** A page of /accounts: every account's status and percentages, the status filter, the order and the cursor; then the shown rows. */
public final class AccountList {

    /** An account as the list orders and filters it. */
    public record Summary(AccountFigures figures, AccountStatus status, Double changePct, Double adoptionPct) {
    }

    /** The shown accounts, in order, and the next page's cursor (null: none). */
    public record Selection(List<Summary> shown, String next) {

        public List<Long> customers() {
            return shown.stream().map(s -> s.figures().customerId()).toList();
        }
    }

    private record Ranked(Summary summary, Position position) {
    }

    private AccountList() {
    }

    /**
     * @param statuses the statuses asked for (empty: all)
     * @param after the previous page's last position (null: the first page)
     */
    public static Selection select(List<AccountFigures> all, AnalyticsQuery q, AccountsConfig config, AccountSort sort, Set<AccountStatus> statuses,
            int limit, Position after) {
        long quietSince = ChronoUnit.MICROS.between(Instant.EPOCH, q.to().plusDays(1 - config.dormantDays()).atStartOfDay(q.zone()).toInstant());
        Comparator<Position> order = sort.order();
        List<Ranked> ranked = new ArrayList<>();
        for (AccountFigures a : all) {
            Summary s = summary(a, config, quietSince);
            if (!statuses.isEmpty() && !statuses.contains(s.status())) {
                continue;
            }
            Position p = sort.position(s);
            if (after == null || order.compare(p, after) > 0) {
                ranked.add(new Ranked(s, p));
            }
        }
        ranked.sort(Comparator.comparing(Ranked::position, order));
        boolean more = ranked.size() > limit;
        List<Ranked> shown = more ? ranked.subList(0, limit) : ranked;
        String next = more ? AccountCursors.accounts(sort, shown.get(shown.size() - 1).position()) : null;
        return new Selection(shown.stream().map(Ranked::summary).toList(), next);
    }

    static Summary summary(AccountFigures a, AccountsConfig config, long quietSince) {
        boolean quiet = a.lastSeenMicros() == null || a.lastSeenMicros() < quietSince;
        AccountStatus status = AccountStatus.of(quiet, a.firstEventInRange(), a.activeUsers(), a.previousUsers(), config.declinePct(), config.growthPct());
        Double change = a.previousUsers() == 0 ? null : percent(a.activeUsers() - a.previousUsers(), a.previousUsers());
        Double adoption = a.activeUsers() == 0 ? null : percent(a.usersWithKeyAction(), a.activeUsers());
        return new Summary(a, status, change, adoption);
    }

    /** The answer: the shown accounts with their details. */
    public static AccountsReport report(Selection selection, Map<Long, AccountDetails> details, AnalyticsQuery q, List<String> keyActions) {
        List<String> weeks = IsoWeek.of(q.from(), q.to()).stream().map(w -> w.monday().toString()).toList();
        List<Row> rows = new ArrayList<>();
        for (Summary s : selection.shown()) {
            AccountFigures a = s.figures();
            AccountDetails d = details.get(a.customerId());
            long logins = a.loginSuccesses() + a.loginFailures();
            Double failureRate = logins == 0 ? null
                    : BigDecimal.valueOf(a.loginFailures()).divide(BigDecimal.valueOf(logins), 4, RoundingMode.HALF_UP).doubleValue();
            String lastSeen = a.lastSeenMicros() == null ? null
                    : TimeFormat.format(Instant.EPOCH.plus(a.lastSeenMicros(), ChronoUnit.MICROS).atOffset(ZoneOffset.UTC), q.zone());
            rows.add(new Row(a.customerId(), s.status().wireName(), a.activeUsers(), a.previousUsers(), s.changePct(), a.pageViews(), d.sessions(),
                    d.weeklyUsers(), a.keyActionUsers(), s.adoptionPct(), failureRate, lastSeen, new AccountsReport.Estimates(a.activeUsersEstimate(),
                            a.previousUsersEstimate(), d.sessionsEstimate(), d.weeklyEstimates())));
        }
        return new AccountsReport(weeks, keyActions, rows, selection.next());
    }

    /** part ÷ whole × 100, one decimal (half up). */
    static double percent(long part, long whole) {
        return BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP).doubleValue();
    }
}
