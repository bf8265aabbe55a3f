package com.paubox.tracking.dashboard.repository.report;

import java.util.List;

import com.paubox.tracking.dashboard.model.Estimate;

/** The figures only the shown rows of /accounts need: sessions, and active users per ISO week of the range. */
public record AccountDetails(long sessions, Estimate sessionsEstimate, List<Long> weeklyUsers, List<Estimate> weeklyEstimates) {
}
