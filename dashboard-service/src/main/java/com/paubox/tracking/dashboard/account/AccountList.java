package com.paubox.tracking.dashboard.account;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.paubox.tracking.dashboard.account.AccountSort.Position;
import com.paubox.tracking.dashboard.model.AccountsReport;
import com.paubox.tracking.dashboard.model.AccountsReport.Row;
import com.paubox.tracking.dashboard.repository.report.AccountFigures;
import com.paubox.tracking.dashboard.repository.report.AnalyticsQuery;
import com.paubox.tracking.dashboard.repository.report.IsoWeek;
import com.paubox.tracking.dashboard.service.TimeFormat;

/** A page of /accounts from every customer's figures: each row's status and percentages, the status filter, the order, the cursor. */
public final class AccountList {

    private AccountList() {
    }

    /**
     * @param statuses the statuses asked for (empty: all)
     * @param after the previous page's last position (null: the first page)
     */
    public static AccountsReport page(List<AccountFigures> all, AnalyticsQuery q, AccountsConfig config, AccountSort sort, Set<AccountStatus> statuses,
            int limit, Position after) {
        long quietSince = ChronoUnit.MICROS.between(Instant.EPOCH, q.to().plusDays(1 - config.dormantDays()).atStartOfDay(q.zone()).toInstant());
        Comparator<Position> order = sort.order();
        List<Ranked> ranked = new ArrayList<>();
        for (AccountFigures a : all) {
            Row row = row(a, q, config, quietSince);
            if (!statuses.isEmpty() && !statuses.contains(AccountStatus.parse(row.status()))) {
                continue;
            }
            Position p = sort.position(row, a.lastSeenMicros());
            if (after == null || order.compare(p, after) > 0) {
                ranked.add(new Ranked(row, p));
            }
        }
        ranked.sort(Comparator.comparing(Ranked::position, order));
        boolean more = ranked.size() > limit;
        List<Ranked> shown = more ? ranked.subList(0, limit) : ranked;
        String next = more ? AccountCursors.accounts(sort, shown.get(shown.size() - 1).position()) : null;
        List<String> weeks = IsoWeek.of(q.from(), q.to()).stream().map(w -> w.monday().toString()).toList();
        return new AccountsReport(weeks, config.keyActions(), shown.stream().map(Ranked::row).toList(), next);
    }

    private record Ranked(Row row, Position position) {
    }

    static Row row(AccountFigures a, AnalyticsQuery q, AccountsConfig config, long quietSince) {
        boolean quiet = a.lastSeenMicros() == null || a.lastSeenMicros() < quietSince;
        AccountStatus status = AccountStatus.of(quiet, a.firstEventInRange(), a.activeUsers(), a.previousUsers(), config.declinePct(), config.growthPct());
        Double change = a.previousUsers() == 0 ? null : percent(a.activeUsers() - a.previousUsers(), a.previousUsers());
        Double adoption = a.activeUsers() == 0 ? null : percent(a.usersWithKeyAction(), a.activeUsers());
        long logins = a.loginSuccesses() + a.loginFailures();
        Double failureRate = logins == 0 ? null
                : BigDecimal.valueOf(a.loginFailures()).divide(BigDecimal.valueOf(logins), 4, RoundingMode.HALF_UP).doubleValue();
        String lastSeen = a.lastSeenMicros() == null ? null
                : TimeFormat.format(Instant.EPOCH.plus(a.lastSeenMicros(), ChronoUnit.MICROS).truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC), q.zone());
        return new Row(a.customerId(), status.wireName(), a.activeUsers(), a.previousUsers(), change, a.pageViews(), a.sessions(), a.weeklyUsers(),
                a.keyActionUsers(), adoption, failureRate, lastSeen, new AccountsReport.Estimates(a.activeUsersEstimate(), a.previousUsersEstimate(),
                        a.sessionsEstimate(), a.weeklyEstimates()));
    }

    /** part ÷ whole × 100, one decimal (half up). */
    static double percent(long part, long whole) {
        return BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP).doubleValue();
    }
}
