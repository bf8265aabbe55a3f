package com.paubox.tracking.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Waits until the dashboard's rollup job has folded the whole seeded history (its watermark,
 * analytics_rollup_watermark.received_until, passes the newest stored received_at; older schemas:
 * analytics_rollup_state reaches the current UTC hour), so the latency run measures the steady state, and
 * reports how long that catch-up took and how big the rollups are. Then VACUUM ANALYZE of the rollup tables (as the
 * seed does for the events): the visibility maps the index-only rankings rely on are current, as autovacuum keeps them
 * with V37's thresholds a minute or so after a backlog; its time is reported too. Does nothing when the schema has no rollups.
 */
final class WaitRollup {

    private WaitRollup() {
    }

    static void run(Args args) throws Exception {
        String db = args.required("db");
        String out = args.required("out");
        long since = args.longValue("since", System.currentTimeMillis());
        double maxSeconds = args.decimal("max-seconds", 600);
        long deadline = System.currentTimeMillis() + (long) (maxSeconds * 1000);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("phase", "rollup");
        try (Connection c = Db.connect(db)) {
            boolean watermark = Db.stringQuery(c, "SELECT to_regclass('analytics_rollup_watermark')::text") != null;
            String doneSql = watermark
                    ? "SELECT (SELECT received_until FROM analytics_rollup_watermark) > (SELECT max(received_at) FROM analytics_events)"
                    : "SELECT rolled_until >= date_trunc('hour', now()) FROM analytics_rollup_state";
            if (!watermark && Db.stringQuery(c, "SELECT to_regclass('analytics_rollup_state')::text") == null) {
                r.put("status", "no rollup tables in this schema");
                Results.append(out, r);
                return;
            }
            boolean done = false;
            while (System.currentTimeMillis() < deadline) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(doneSql)) {
                    if (rs.next() && rs.getBoolean(1)) {
                        done = true;
                        break;
                    }
                }
                Thread.sleep(1000);
            }
            r.put("status", done ? (watermark ? "every seeded event folded in" : "rolled up to the current hour")
                    : "NOT finished after " + (long) maxSeconds + " s");
            r.put("seconds_after_dashboard_start", DbLimit.round((System.currentTimeMillis() - since) / 1000.0, 1));
            long vacuumMs = 0;
            for (String table : new String[] { "analytics_rollup_actors", "analytics_rollup_pages", "analytics_rollup_clicks",
                "analytics_rollup_logins", "analytics_rollup_totals", "analytics_rollup_paths", "analytics_rollup_sections", "analytics_rollup_labels",
                "analytics_rollup_label_paths", "analytics_rollup_label_sections", "analytics_rollup_customer_sections", "analytics_rollup_outcomes",
                "analytics_rollup_user_sessions" }) {
                if (Db.stringQuery(c, "SELECT to_regclass('" + table + "')::text") != null) {
                    r.put(table.replace("analytics_rollup_", "rows_"), Db.longQuery(c, "SELECT count(*) FROM " + table));
                    if (done) {
                        long t = System.currentTimeMillis();
                        Db.exec(c, "VACUUM (ANALYZE) " + table);
                        vacuumMs += System.currentTimeMillis() - t;
                    }
                }
            }
            if (done) {
                r.put("vacuum_analyze_s", DbLimit.round(vacuumMs / 1000.0, 1));
            }
            if (!done) {
                Results.append(out, r);
                throw new IllegalStateException("the rollup job did not finish within " + maxSeconds + " s");
            }
        }
        Results.append(out, r);
    }
}
