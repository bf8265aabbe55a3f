package com.paubox.tracking.dashboard.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * sessions: distinct session ids (signed in or not); users: distinct user_sub; avg_sessions_per_user and
 * distribution: how many distinct sessions each signed-in user had in the range.
 */
public record SessionsReport(long sessions, long users, double avgSessionsPerUser, List<Bucket> distribution,
        Map<String, Estimate> estimates) {

    /**
     * {@code users} users had exactly {@code sessionCount} sessions in the range; {@code estimates} only when the
     * distribution was computed from a sample of users (many users): then {@code users} is scaled up from the sample.
     */
    public record Bucket(long sessionCount, long users, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Estimate> estimates) {
    }
}
