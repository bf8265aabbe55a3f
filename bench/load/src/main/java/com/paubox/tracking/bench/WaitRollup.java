package com.paubox.tracking.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Waits until the dashboard's rollup job has folded the whole seeded history, so the latency run measures the steady
 * state, and reports how long that catch-up took and how big the rollups are. "Folded" follows the schema:
 * <ul>
 * <li>V42 on (issue 26): the watermark is a position in commit order, analytics_rollup_watermark.(folded_xact,
 * folded_occurred); the rollups hold every event with (xact_id, occurred_at) before it, so the job is done when no stored
 * event is at or after it (a seek of the (xact_id, occurred_at) index per partition). Its caught_up_at (database time
 * of the last window that left nothing committed unfolded) is reported too, as seconds after the dashboard started;</li>
 * <li>V32–V41: the watermark analytics_rollup_watermark.received_until passes the newest stored received_at;</li>
 * <li>older schemas: analytics_rollup_state reaches the current UTC hour.</li>
 * </ul>
 * Then VACUUM ANALYZE of the rollup tables (as the seed does for the events): the visibility maps the index-only
 * rankings rely on are current, as autovacuum keeps them with V37's thresholds a minute or so after a backlog; its time
 * is reported too. Does nothing when the schema has no rollups.
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
            boolean xactWatermark = watermark && Db.longQuery(c, """
                    SELECT count(*) FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = 'analytics_rollup_watermark' AND column_name = 'folded_xact'""") > 0;
            String doneSql;
            if (xactWatermark) {
                // no watermark row yet (the job has not run): not done
                // with the job's own record of when it caught up, read in the same snapshot (a later empty window moves it)
                doneSql = """
                        SELECT NOT EXISTS (SELECT FROM analytics_events e
                                           WHERE (e.xact_id, e.occurred_at) >= (w.folded_xact, coalesce(w.folded_occurred, '-infinity'))),
                            (extract(epoch FROM w.caught_up_at) * 1000)::bigint
                        FROM analytics_rollup_watermark w""";
            } else if (watermark) {
                doneSql = "SELECT (SELECT received_until FROM analytics_rollup_watermark) > (SELECT max(received_at) FROM analytics_events)";
            } else {
                doneSql = "SELECT rolled_until >= date_trunc('hour', now()) FROM analytics_rollup_state";
            }
            if (!watermark && Db.stringQuery(c, "SELECT to_regclass('analytics_rollup_state')::text") == null) {
                r.put("status", "no rollup tables in this schema");
                Results.append(out, r);
                return;
            }
            r.put("watermark", xactWatermark ? "(folded_xact, folded_occurred)" : watermark ? "received_until" : "rolled_until");
            boolean done = false;
            Long caughtUpMs = null;
            while (System.currentTimeMillis() < deadline) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(doneSql)) {
                    if (rs.next() && rs.getBoolean(1)) {
                        done = true;
                        if (xactWatermark) {
                            long ms = rs.getLong(2);
                            caughtUpMs = rs.wasNull() ? null : ms;
                        }
                        break;
                    }
                }
                Thread.sleep(1000);
            }
            r.put("status", done ? (watermark ? "every seeded event folded in" : "rolled up to the current hour")
                    : "NOT finished after " + (long) maxSeconds + " s");
            r.put("seconds_after_dashboard_start", DbLimit.round((System.currentTimeMillis() - since) / 1000.0, 1));
            if (caughtUpMs != null) {
                // the job's own record: the database time at the start of the window that caught up (same machine, same
                // clock as --since); the polled time above is up to a second later
                r.put("caught_up_s_after_dashboard_start", DbLimit.round((caughtUpMs - since) / 1000.0, 1));
            }
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
