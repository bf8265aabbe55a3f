package com.paubox.tracking.dashboard.model;

import java.util.List;
import java.util.Map;

/** Login outcomes; failure_rate = failures / (successes + failures), null without logins. */
public record LoginsReport(long successes, long failures, Double failureRate, List<CodeCount> failuresByCode,
        List<Breakdown> byCountry, List<Breakdown> byRegion, List<Breakdown> byCity, List<Breakdown> byBrowser,
        List<Breakdown> byOs, List<Breakdown> byDevice, Map<String, Estimate> estimates) {

    public record CodeCount(String errorCode, long failures) {
    }

    /** key is null for logins whose value is unknown. */
    public record Breakdown(String key, long successes, long failures) {
    }
}
