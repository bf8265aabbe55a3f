package com.paubox.tracking.dashboard.repository.report;

import java.util.List;

import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.model.SessionsReport;

/** Test access to SessionsQuery's package-private sampling arithmetic. */
public final class SessionsQueryAccess {

    private SessionsQueryAccess() {
    }

    public static int sampleOf1024(long users) {
        return SessionsQuery.sampleOf1024(users);
    }

    public static SessionsReport report(List<SessionsReport.Bucket> sampled, int k) {
        return SessionsQuery.sessionsReport(1000, new Estimate("hll", 0.0163, 990, 1010), 123_456, new Estimate("hll", 0.0163, 120_000, 127_000),
                sampled, k);
    }
}
