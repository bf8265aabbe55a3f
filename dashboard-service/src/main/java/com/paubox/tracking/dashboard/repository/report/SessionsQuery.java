package com.paubox.tracking.dashboard.repository.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.model.SessionsReport;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.Plan.Piece;
import com.paubox.tracking.dashboard.repository.report.RollupQuery.Acc;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.RollupTable;
import com.paubox.tracking.dashboard.rollup.Section;
import com.paubox.tracking.dashboard.rollup.Watermark;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;

/**
 * /sessions: the distinct sessions and signed-in users of the range (totals cube and raw events), and how many users had
 * exactly n sessions, read from all users or, above {@link #SAMPLE_USERS}, from a consistent sample of them.
 */
final class SessionsQuery {

    /** Users read for /sessions' distribution at most (about): above this, a consistent sample of users is read. */
    static final int SAMPLE_USERS = 4000;

    private SessionsQuery() {
    }

    static Uni<SessionsReport> answer(Snapshot s) {
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        CubeSource cube = Filters.totals(q, f);
        Aggregation distincts = Aggregation.by(List.of("0")).cube(cube).raw(Filters.raw(q, f)).distincts(List.of(Figures.SESSIONS, Figures.USERS));
        Uni<Acc> totals = s.plan(cube != null, true).flatMap(plan -> s.aggregate(plan, f, distincts))
                .map(m -> m.isEmpty() ? new Acc(distincts) : m.values().iterator().next());
        return totals.flatMap(t -> {
            Hll.Merge sessions = t.distinct(Figures.SESSIONS);
            Hll.Merge users = t.distinct(Figures.USERS);
            int k = sampleOf1024(users.value());
            return distribution(s, k).map(counts -> sessionsReport(sessions.value(), sessions.estimate(), users.value(), users.estimate(), counts, k));
        });
    }

    /** How many of 1024 user hash buckets to read: all of them up to {@link #SAMPLE_USERS} users, else about that many users. */
    static int sampleOf1024(long users) {
        return users <= SAMPLE_USERS ? 1024 : (int) Math.max(1, Math.min(1024, Math.ceil(1024.0 * SAMPLE_USERS / users)));
    }

    /**
     * The report from the distribution of the sampled users ({@code k} of 1024 hash buckets): exact when every bucket
     * was read; otherwise each count is scaled up by 1024/k and carries its sampling error (binomial thinning:
     * rse = sqrt((1 − p) / sampled count)), users is the HLL estimate and the average is the sample's (not listed in estimates).
     */
    static SessionsReport sessionsReport(long sessions, Estimate sessionsEstimate, long hllUsers, Estimate usersEstimate,
            List<SessionsReport.Bucket> sampled, int k) {
        long users = 0;
        long userSessions = 0;
        for (SessionsReport.Bucket b : sampled) {
            users += b.users();
            userSessions += b.sessionCount() * b.users();
        }
        double avg = users == 0 ? 0.0
                : BigDecimal.valueOf(userSessions).divide(BigDecimal.valueOf(users), 2, RoundingMode.HALF_UP).doubleValue();
        Map<String, Estimate> est = new LinkedHashMap<>();
        est.put("sessions", sessionsEstimate);
        if (k >= 1024) {
            return new SessionsReport(sessions, users, avg, sampled, est);
        }
        double p = k / 1024.0;
        List<SessionsReport.Bucket> scaled = new ArrayList<>();
        for (SessionsReport.Bucket b : sampled) {
            long value = Math.round(b.users() / p);
            double rse = Math.sqrt((1 - p) / b.users());
            scaled.add(new SessionsReport.Bucket(b.sessionCount(), value, Map.of("users", new Estimate("sample", Math.round(rse * 10000) / 10000.0,
                    Math.max(b.users(), (long) Math.floor(value * (1 - 2 * rse))), (long) Math.ceil(value * (1 + 2 * rse))))));
        }
        est.put("users", usersEstimate);
        return new SessionsReport(sessions, hllUsers, avg, scaled, est);
    }

    /**
     * How many signed-in users had exactly n sessions, among the users of {@code k} of the 1024 user hash buckets: from
     * the per-user session rollup (whole hours; under a path prefix the rows with a section it matches) and raw events
     * (partial hours, not yet rolled, or a path prefix that sections do not answer).
     */
    private static Uni<List<SessionsReport.Bucket>> distribution(Snapshot s, int k) {
        AnalyticsQuery q = s.query();
        return s.plan(q.pathPrefix() == null || Section.answers(q.pathPrefix()), false).flatMap(plan -> {
            SqlFilter f = SqlFilter.none();
            StringBuilder cubeWhere = new StringBuilder(k >= 1024 ? "true" : "user_sample < " + k);
            // cube conditions only when cube rows are read: an unused parameter costs PostgreSQL a failed prepare
            boolean cube = !plan.cubeOnly().isEmpty();
            if (cube && q.customerId() != null) {
                cubeWhere.append(" AND customer_id = ").append(f.bind(q.customerId()));
            }
            if (cube && q.surface() != null) {
                cubeWhere.append(" AND surface = ").append(f.bind(q.surface()));
            }
            if (cube && q.pathPrefix() != null) {
                cubeWhere.append(" AND EXISTS (SELECT FROM unnest(sections) s WHERE s LIKE ").append(f.bind(SqlFilter.likePrefix(q.pathPrefix())))
                        .append(")");
            }
            String raw = Filters.raw(q, f) + " AND user_sub IS NOT NULL AND " + RollupQuery.ALL_TYPES
                    + (k >= 1024 ? "" : " AND (" + Figures.USER_HASH + " & 1023) < " + k);
            List<String> parts = new ArrayList<>();
            Watermark w = plan.watermark();
            for (Piece p : plan.pieces()) {
                String a = f.bind(p.from());
                String b = f.bind(p.to());
                parts.add(p.grain() != null
                        ? "SELECT user_sub, session_id FROM " + RollupTable.USER_SESSIONS.tableName() + " WHERE " + cubeWhere + " AND hour >= " + a
                                + " AND hour < " + b
                        : "SELECT user_sub, session_id FROM analytics_events WHERE " + raw + " AND occurred_at >= " + a + " AND occurred_at < " + b
                                + (w == null ? "" : " AND " + w.sql(true, f::bind)));
            }
            if (w != null) {
                parts.add("SELECT user_sub, session_id FROM analytics_events WHERE " + raw + " AND occurred_at >= " + f.bind(q.start())
                        + " AND occurred_at < " + f.bind(q.end()) + " AND " + w.sql(false, f::bind));
            }
            String sql = "SELECT n, count(*) AS users FROM (SELECT user_sub, count(*) AS n FROM (SELECT DISTINCT user_sub, session_id FROM ("
                    + String.join(" UNION ALL ", parts) + ") s) d GROUP BY user_sub) u GROUP BY n ORDER BY n";
            return s.select(sql, f).map(rows -> {
                List<SessionsReport.Bucket> out = new ArrayList<>();
                for (Row r : rows) {
                    out.add(new SessionsReport.Bucket(r.getLong("n"), r.getLong("users"), null));
                }
                return out;
            });
        });
    }
}
