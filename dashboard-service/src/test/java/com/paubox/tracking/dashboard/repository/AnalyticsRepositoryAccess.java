package com.paubox.tracking.dashboard.repository;

import java.util.List;

import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.model.SessionsReport;

/** Test access to AnalyticsRepository's package-private sampling arithmetic. */
public final class AnalyticsRepositoryAccess {

    private AnalyticsRepositoryAccess() {
    }

    public static int sampleOf1024(long users) {
        return AnalyticsRepository.sampleOf1024(users);
    }

    public static SessionsReport report(List<SessionsReport.Bucket> sampled, int k) {
        return AnalyticsRepository.sessionsReport(1000, new Estimate("hll", 0.0163, 990, 1010), 123_456, new Estimate("hll", 0.0163, 120_000, 127_000),
                sampled, k);
    }
}
