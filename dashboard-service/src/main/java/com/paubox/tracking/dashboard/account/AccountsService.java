package com.paubox.tracking.dashboard.account;

import java.util.List;
import java.util.Set;

import com.paubox.tracking.dashboard.account.AccountSort.Position;
import com.paubox.tracking.dashboard.model.AccountsReport;
import com.paubox.tracking.dashboard.repository.report.AccountUser;
import com.paubox.tracking.dashboard.repository.report.AccountUserPosition;
import com.paubox.tracking.dashboard.repository.report.AnalyticsQuery;
import com.paubox.tracking.dashboard.repository.report.AnalyticsReports;
import com.paubox.tracking.dashboard.service.AnalyticsService;
import com.paubox.tracking.dashboard.service.AnswerKey;

import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The answers of /accounts and /accounts/{id}/users, each in one snapshot and kept in the analytics answer cache (keyed
 * by every parameter; erasure empties it) like every analytics answer.
 */
@ApplicationScoped
public class AccountsService {

    private final AnalyticsReports reports;
    private final AccountsConfig config;

    public AccountsService(AnalyticsReports reports, AccountsConfig config) {
        this.reports = reports;
        this.config = config;
    }

    public List<String> keyActions() {
        return config.keyActions();
    }

    @CacheResult(cacheName = AnalyticsService.CACHE, keyGenerator = AnswerKey.class)
    public Uni<AccountsReport> accounts(AnalyticsQuery query, AccountSort sort, Set<AccountStatus> statuses, int limit, Position after) {
        List<String> keyActions = config.keyActions();
        return reports.accounts(query, keyActions, all -> AccountList.select(all, query, config, sort, statuses, limit, after),
                AccountList.Selection::customers, (selection, details) -> AccountList.report(selection, details, query, keyActions));
    }

    @CacheResult(cacheName = AnalyticsService.CACHE, keyGenerator = AnswerKey.class)
    public Uni<List<AccountUser>> users(AnalyticsQuery query, long customerId, int limit, AccountUserPosition after) {
        return reports.accountUsers(query, customerId, config.keyActions(), limit, after);
    }
}
