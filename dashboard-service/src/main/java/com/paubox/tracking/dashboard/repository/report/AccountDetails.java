package com.paubox.tracking.dashboard.repository.report;

import java.util.List;

import com.paubox.tracking.dashboard.model.Estimate;

/** The figures only the shown rows of /accounts need: sessions, and active users per ISO week of the range. */
public record AccountDetails(long sessions, Estimate sessionsEstimate, List<Long> weeklyUsers, List<Estimate> weeklyEstimates) {

    /** A customer without an event in the range. */
    static AccountDetails none(int weeks) {
        return new AccountDetails(0, Estimate.EXACT_ZERO, java.util.Collections.nCopies(weeks, 0L), java.util.Collections.nCopies(weeks, Estimate.EXACT_ZERO));
    }
}
