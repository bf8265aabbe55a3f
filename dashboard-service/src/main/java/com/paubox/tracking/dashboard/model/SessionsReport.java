package com.paubox.tracking.dashboard.model;

import java.util.List;

/**
 * sessions: distinct session ids (signed in or not); users: distinct user_sub; avg_sessions_per_user and
 * distribution: how many distinct sessions each signed-in user had in the range.
 */
public record SessionsReport(long sessions, long users, double avgSessionsPerUser, List<Bucket> distribution) {

    /** {@code users} users had exactly {@code sessionCount} sessions in the range. */
    public record Bucket(long sessionCount, long users) {
    }
}
