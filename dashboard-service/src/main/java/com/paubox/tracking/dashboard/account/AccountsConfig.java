package com.paubox.tracking.dashboard.account;

import java.util.List;

import io.smallrye.config.ConfigMapping;

/** Account health settings (docs/dashboard.md "Accounts"); each has its ANALYTICS_* variable in application.properties. */
@ConfigMapping(prefix = "analytics.accounts")
public interface AccountsConfig {

    /** Click labels that count as a key action (ANALYTICS_KEY_ACTIONS). */
    List<String> keyActions();

    /** Active users down by at least this percentage: declining (ANALYTICS_ACCOUNT_DECLINE_PCT). */
    int declinePct();

    /** Active users up by at least this percentage: growing (ANALYTICS_ACCOUNT_GROWTH_PCT). */
    int growthPct();

    /** No event in this many last days of the range: dormant (ANALYTICS_ACCOUNT_DORMANT_DAYS). */
    int dormantDays();
}
