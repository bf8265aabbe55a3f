package com.paubox.tracking.dashboard.model;

import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A customer's signed-in users in the range (docs/dashboard.md "Accounts"): only the opaque Auth0 {@code sub}, what a
 * CSM looks up in Auth0. Exact. {@code next}: the cursor of the next page (null on the last).
 */
public record AccountUsersReport(List<String> keyActions, List<Row> rows, @Schema(nullable = true) String next) implements CsvTable {

    /** {@code firstSeen}/{@code lastSeen}: the user's first and last event for the customer inside the range; {@code keyActions}: the key actions done. */
    @Schema(name = "AccountUserRow")
    public record Row(String userSub, String firstSeen, String lastSeen, long sessions, long pageViews, List<String> keyActions) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of("user_sub", "first_seen", "last_seen", "sessions", "page_views", "key_actions");
    }

    @Override
    public List<List<Object>> csvRows() {
        return rows.stream().map(r -> Arrays.<Object>asList(r.userSub(), r.firstSeen(), r.lastSeen(), r.sessions(), r.pageViews(),
                String.join(" ", r.keyActions()))).toList();
    }
}
