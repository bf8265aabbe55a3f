package com.paubox.tracking.dashboard.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Account health per Paubox customer (docs/dashboard.md "Accounts"). {@code weeks}: the Monday (local date) of each
 * ISO week of the range, the weeks of every row's {@code weeklyActiveUsers}; {@code keyActions}: the configured labels,
 * the keys of every row's {@code keyActions}; {@code next}: the cursor of the next page (null on the last).
 */
public record AccountsReport(List<String> weeks, List<String> keyActions, List<Row> rows, @Schema(nullable = true) String next) implements CsvTable {

    /**
     * Percentages with one decimal; {@code activeUsersChangePct} null when the previous period had no active user,
     * {@code adoptionPct} when the range has none, {@code loginFailureRate} (a fraction, 4 decimals) without logins,
     * {@code lastSeen} without an event in the range.
     */
    @Schema(name = "AccountRow")
    public record Row(long customerId, String status, long activeUsers, long activeUsersPrevious, @Schema(nullable = true) Double activeUsersChangePct, long pageViews,
            long sessions, List<Long> weeklyActiveUsers, Map<String, Long> keyActions, @Schema(nullable = true) Double adoptionPct,
            @Schema(nullable = true) Double loginFailureRate, @Schema(nullable = true) String lastSeen,
            Estimates estimates) {
    }

    /** The quality of each distinct figure of a row (see {@link Estimate}). */
    @Schema(name = "AccountEstimates")
    public record Estimates(Estimate activeUsers, Estimate activeUsersPrevious, Estimate sessions, List<Estimate> weeklyActiveUsers) {
    }

    @Override
    public List<String> csvHeader() {
        List<String> header = new ArrayList<>(List.of("customer_id", "status", "active_users", "active_users_previous", "active_users_change_pct",
                "page_views", "sessions", "adoption_pct", "login_failure_rate", "last_seen", "weekly_active_users"));
        keyActions.forEach(label -> header.add("key_action:" + label));
        return header;
    }

    @Override
    public List<List<Object>> csvRows() {
        return rows.stream().map(r -> {
            List<Object> line = new ArrayList<>(List.of(r.customerId(), r.status(), r.activeUsers(), r.activeUsersPrevious()));
            line.add(r.activeUsersChangePct());
            line.add(r.pageViews());
            line.add(r.sessions());
            line.add(r.adoptionPct());
            line.add(r.loginFailureRate());
            line.add(r.lastSeen());
            line.add(String.join(" ", r.weeklyActiveUsers().stream().map(String::valueOf).toList()));
            keyActions.forEach(label -> line.add(r.keyActions().get(label)));
            return line;
        }).toList();
    }
}
