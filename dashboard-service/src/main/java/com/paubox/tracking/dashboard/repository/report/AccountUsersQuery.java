package com.paubox.tracking.dashboard.repository.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.paubox.tracking.dashboard.repository.SqlFilter;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * /accounts/{customer_id}/users: the customer's signed-in users in the range, exact, from its raw events (the
 * (customer_id, occurred_at) index): first and last event, sessions, page views and the key actions done. Ordered by
 * last event (newest first), then user_sub; a page continues after {@code after} (keyset, stable while rows arrive).
 */
final class AccountUsersQuery {

    private AccountUsersQuery() {
    }

    /** Up to {@code limit} users after {@code after} (null: from the first). */
    static Uni<List<AccountUser>> answer(Snapshot s, long customerId, List<String> keyActions, int limit, AccountUserPosition after) {
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        StringBuilder sql = new StringBuilder("SELECT user_sub, min(occurred_at) AS first_seen, max(occurred_at) AS last_seen, ")
                .append("count(DISTINCT session_id) AS sessions, count(*) FILTER (WHERE type = 'page_view') AS page_views, ")
                .append("array_agg(DISTINCT label) FILTER (WHERE type = 'click' AND label = ANY(").append(f.bind(keyActions.toArray(String[]::new)))
                .append(")) AS key_actions FROM analytics_events WHERE customer_id = ").append(f.bind(customerId))
                .append(" AND user_sub IS NOT NULL AND occurred_at >= ").append(f.bind(q.start())).append(" AND occurred_at < ").append(f.bind(q.end()));
        if (q.surface() != null) {
            sql.append(" AND surface = ").append(f.bind(q.surface()));
        }
        sql.append(" GROUP BY user_sub");
        if (after != null) {
            String last = f.bind(after.lastSeen());
            sql.append(" HAVING max(occurred_at) < ").append(last).append(" OR (max(occurred_at) = ").append(last).append(" AND user_sub > ")
                    .append(f.bind(after.userSub())).append(")");
        }
        sql.append(" ORDER BY last_seen DESC, user_sub LIMIT ").append(f.bind(limit));
        return s.select(sql.toString(), f).map(rows -> {
            List<AccountUser> out = new ArrayList<>();
            for (Row r : rows) {
                String[] done = r.getArrayOfStrings("key_actions");
                out.add(new AccountUser(r.getString("user_sub"), r.getOffsetDateTime("first_seen"), r.getOffsetDateTime("last_seen"), r.getLong("sessions"),
                        r.getLong("page_views"), done == null ? List.of() : Arrays.asList(done)));
            }
            return out;
        });
    }
}
