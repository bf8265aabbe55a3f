package com.paubox.tracking.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns the results file into the Markdown tables (printed and written to --out). */
final class Report {

    private final StringBuilder md = new StringBuilder();
    private final List<JsonNode> all;

    private Report(List<JsonNode> all) {
        this.all = all;
    }

    static void run(Args args) throws Exception {
        Report r = new Report(Results.read(args.required("in")));
        String text = r.render(args);
        Files.writeString(Path.of(args.required("out")), text, StandardCharsets.UTF_8);
        System.out.println(text);
    }

    private List<JsonNode> phase(String name, Predicate<JsonNode> filter) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : all) {
            if (name.equals(n.path("phase").asText()) && filter.test(n)) {
                out.add(n);
            }
        }
        return out;
    }

    private List<JsonNode> load(String target, String mode) {
        return phase("load", n -> target.equals(n.path("target").asText()) && mode.equals(n.path("mode").asText()));
    }

    private void line(String s) {
        md.append(s).append('\n');
    }

    private static String num(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String num(JsonNode n, String field) {
        return n.has(field) ? num(n.get(field).asLong()) : "–";
    }

    private static String dec(JsonNode n, String field) {
        return n.has(field) ? String.format(Locale.ROOT, "%.2f", n.get(field).asDouble()) : "–";
    }

    private static String dec1(JsonNode n, String field) {
        return n.has(field) ? String.format(Locale.ROOT, "%.1f", n.get(field).asDouble()) : "–";
    }

    /** Highest accepted events/s of a step that was not saturated (0 when none). */
    static long sustained(List<JsonNode> steps) {
        long best = 0;
        for (JsonNode s : steps) {
            if (!s.path("saturated").asBoolean()) {
                best = Math.max(best, s.path("accepted_eps").asLong());
            }
        }
        return best;
    }

    static long peak(List<JsonNode> steps, String field) {
        long best = 0;
        for (JsonNode s : steps) {
            best = Math.max(best, s.path(field).asLong());
        }
        return best;
    }

    /** The step whose offered rate is closest to {@code rate} without exceeding it. */
    static JsonNode stepAtOrBelow(List<JsonNode> steps, long rate) {
        JsonNode best = null;
        for (JsonNode s : steps) {
            long offered = s.path("offered_eps").asLong();
            if (offered <= rate && (best == null || offered > best.path("offered_eps").asLong())) {
                best = s;
            }
        }
        return best;
    }

    private String render(Args args) {
        String commit = args.str("commit", "?");
        line("# Benchmark results");
        line("");
        line("Commit `" + commit + "`, run " + args.str("date", "?") + ".");
        line("");
        line("## Machine");
        line("");
        line("| | |");
        line("|---|---|");
        line("| CPU | " + args.str("cpu", "?") + " (" + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM) |");
        line("| Memory | " + args.str("mem", "?") + " |");
        line("| JVM | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " |");
        line("| Service JVM options | `" + args.str("service-opts", "") + "` |");
        for (JsonNode m : phase("machine", n -> true)) {
            line("| PostgreSQL | " + m.path("pg_version").asText() + " (embedded, same box; fsync=" + m.path("fsync").asText()
                    + ", synchronous_commit=" + m.path("synchronous_commit").asText() + ", shared_buffers="
                    + m.path("shared_buffers").asText() + ", max_wal_size=" + m.path("max_wal_size").asText() + ") |");
        }
        line("");

        List<JsonNode> db = phase("dblimit", n -> true);
        long bulk = 0;
        // the schema's secondary indexes as the run found them (recorded since issue 26; older results: 4, as then printed)
        String indexes = phase("machine", n -> n.has("event_indexes")).stream().findFirst()
                .map(m -> m.path("event_indexes").asLong() + " indexes: " + m.path("event_index_columns").asText()).orElse("4 indexes");
        line("## 1. Database limit (analytics_events, primary key + " + indexes + ")");
        line("");
        line("| Method | Connections | Rows | Seconds | Rows/s |");
        line("|---|---:|---:|---:|---:|");
        for (JsonNode n : db) {
            line("| " + n.path("method").asText() + " | " + n.path("connections").asInt() + " | " + num(n, "rows") + " | "
                    + dec(n, "seconds") + " | " + num(n, "rows_per_s") + " |");
            if (n.path("method").asText().startsWith("COPY")) {
                bulk = Math.max(bulk, n.path("rows_per_s").asLong());
            }
        }
        line("");
        long multiRow = 0;
        for (JsonNode n : db) {
            if (n.path("method").asText().contains("UNNEST") || n.path("method").asText().contains("VALUES")) {
                multiRow = Math.max(multiRow, n.path("rows_per_s").asLong());
            }
        }

        String[][] runs = {
            { "ingest", "batch", "2. Ingest service, batched beacons (1–20 events per request)" },
            { "ingest", "single", "2b. Ingest service, one event per request" },
            { "baseline", "batch", "3. Baseline (seed design: one INSERT per event), batched beacons" },
            { "baseline", "single", "3b. Baseline, one event per request" },
        };
        loadTable(runs[0]);
        loadTable(runs[1]);
        lagTable();
        loadTable(runs[2]);
        loadTable(runs[3]);

        List<JsonNode> seed = phase("seed", n -> true);
        for (JsonNode s : seed) {
            line("## 4. Dashboard latency over " + num(s, "rows") + " events");
            line("");
            line("Seeded " + num(s, "rows") + " events from " + s.path("first_day").asText() + " to " + s.path("last_day").asText()
                    + " as " + num(s.path("rows").asLong() / 10) + " sessions of 10 events (distinct values by the planner's ANALYZE"
                    + " estimates, which undercount: ≈ " + num(s, "customers") + " customers, ≈ " + num(s, "users") + " users, ≈ "
                    + num(s, "browsers") + " browsers, " + num(s, "paths") + " paths; " + num(s, "table_size_mb")
                    + " MB with indexes) in " + dec1(s, "total_s") + " s (insert " + dec1(s, "insert_s") + " s, indexes "
                    + dec1(s, "index_s") + " s, VACUUM ANALYZE " + dec1(s, "vacuum_analyze_s") + " s).");
            line("");
        }
        for (JsonNode ro : phase("rollup", n -> true)) {
            StringBuilder sb = new StringBuilder("Dashboard rollups: " + ro.path("status").asText());
            if (ro.has("seconds_after_dashboard_start")) {
                sb.append(", ").append(dec1(ro, "seconds_after_dashboard_start")).append(" s after the dashboard started (its job folds the whole seeded history");
                if (ro.has("caught_up_s_after_dashboard_start")) {
                    sb.append("; its last window began at ").append(dec1(ro, "caught_up_s_after_dashboard_start")).append(" s, the watermark's caught_up_at");
                }
                sb.append(")");
            }
            ro.fields().forEachRemaining(e -> {
                if (e.getKey().startsWith("rows_")) {
                    sb.append("; ").append(e.getKey().substring(5)).append(" ").append(num(e.getValue().asLong())).append(" rows");
                }
            });
            line(sb.append(". Measured after that.").toString());
            line("");
        }
        // one table per answer-cache mode: off = every answer computed by PostgreSQL; on = repeated questions
        List<String> dashTargets = new ArrayList<>();
        for (String mode : List.of("off", "on")) {
            List<JsonNode> dash = phase("dashboard", n -> n.path("answer_cache").asText("off").equals(mode));
            if (dash.isEmpty()) {
                continue;
            }
            double worstP95 = 0;
            String worstCase = "";
            double worstLongP95 = 0;
            String worstLongCase = "";
            boolean dashOk = true;
            line(mode.equals("off")
                    ? "Answer cache **off** (`QUARKUS_CACHE_ENABLED=false`): every answer is computed by PostgreSQL."
                    : "Answer cache **on** (the default): *first ms* is the first answer, computed; p50/p95 are the repeated, cached answers.");
            line("");
            line("| Endpoint | Filters | status | samples | first ms | p50 ms | p95 ms | max ms |");
            line("|---|---|---:|---:|---:|---:|---:|---:|");
            for (JsonNode d : dash) {
                String status = d.path("status").asText();
                if (!d.has("samples")) {
                    line("| " + d.path("endpoint").asText() + " | " + d.path("variant").asText() + " | " + status + " | | | | | |");
                    dashOk = false;
                    continue;
                }
                line("| " + d.path("endpoint").asText() + " | " + d.path("variant").asText() + " | " + status + " | "
                        + d.path("samples").asLong() + " | " + dec1(d, "first_ms") + " | " + dec1(d, "p50_ms") + " | " + dec1(d, "p95_ms")
                        + " | " + dec1(d, "max_ms") + " |");
                if (!status.equals("200")) {
                    dashOk = false;
                }
                boolean longRange = d.path("variant").asText().equals(DashboardBench.LONG_RANGE);
                if (longRange && d.path("p95_ms").asDouble() > worstLongP95) {
                    worstLongP95 = d.path("p95_ms").asDouble();
                    worstLongCase = d.path("endpoint").asText();
                } else if (!longRange && d.path("p95_ms").asDouble() > worstP95) {
                    worstP95 = d.path("p95_ms").asDouble();
                    worstCase = d.path("endpoint").asText() + " (" + d.path("variant").asText() + ")";
                }
            }
            line("");
            dashTargets.add("| Every dashboard endpoint p95 ≤ 150 ms (10 M events, 30 days), answer cache " + mode
                    + (mode.equals("on") ? ", repeated questions" : ", every answer computed") + " | worst p95 "
                    + String.format(Locale.ROOT, "%.1f", worstP95) + " ms: " + worstCase
                    + (dashOk ? "" : "; some cases not measured or not 200") + " | " + mark(dashOk && worstP95 <= 150) + " |");
            if (!worstLongCase.isEmpty()) {
                dashTargets.add("| Every dashboard endpoint p95 ≤ 300 ms over a 400-day range, answer cache " + mode + " | worst p95 "
                        + String.format(Locale.ROOT, "%.1f", worstLongP95) + " ms: " + worstLongCase + " | " + mark(worstLongP95 <= 300) + " |");
            }
        }

        List<JsonNode> accounts = phase("views", n -> true);
        if (!accounts.isEmpty()) {
            line("Account health (issue 27) and funnels (issue 28), answer cache off, new questions: every answer computed by PostgreSQL.");
            line("");
            line("| Endpoint | Case | status | samples | first ms | p50 ms | p95 ms | target p95 ms | |");
            line("|---|---|---:|---:|---:|---:|---:|---:|---|");
            for (JsonNode a : accounts) {
                Double target = DashboardBench.VIEW_TARGETS_MS.get(a.path("endpoint").asText());
                boolean ok = a.path("status").asText().equals("200") && target != null && a.path("p95_ms").asDouble() <= target;
                line("| " + a.path("endpoint").asText() + " | " + a.path("variant").asText() + " | " + a.path("status").asText() + " | "
                        + a.path("samples").asLong() + " | " + dec1(a, "first_ms") + " | " + dec1(a, "p50_ms") + " | " + dec1(a, "p95_ms") + " | "
                        + (target == null ? "– | (no target) |" : target.longValue() + " | " + mark(ok) + " |"));
            }
            line("");
        }
        List<JsonNode> accuracy = phase("accuracy", n -> true);
        if (!accuracy.isEmpty()) {
            line("Accuracy of the distinct figures (users, visitors, sessions) of the cases above against an exact count(DISTINCT) over the"
                    + " raw events; relative error |answer − exact| / exact over the figures of each case:");
            line("");
            line("| Endpoint | Filters | figures | p50 error % | p95 error % | max error % | exact < 384 | … not answered exactly | exact outside the stated 95 % bounds |");
            line("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            for (JsonNode a : accuracy) {
                line("| " + a.path("endpoint").asText() + " | " + a.path("variant").asText() + " | " + a.path("figures").asLong() + " | "
                        + a.path("p50_rel_error_pct").asDouble() + " | " + a.path("p95_rel_error_pct").asDouble() + " | "
                        + a.path("max_rel_error_pct").asDouble() + " | " + a.path("below_384").asLong() + " | " + a.path("below_384_not_exact").asLong()
                        + " | " + a.path("outside_95_bounds").asLong() + " |");
            }
            line("");
        }
        for (JsonNode pr : phase("page-ready", n -> true)) {
            line("Admin view in headless Chromium, 30 days, answer cache off: navigation start → every panel ready, over "
                    + pr.path("loads").asLong() + " loads: median " + num(pr, "median_ms") + " ms, p95 " + num(pr, "p95_ms") + " ms, max "
                    + num(pr, "max_ms") + " ms (slowest panel: " + pr.path("slowest_panel").asText() + ").");
            line("");
        }
        List<JsonNode> topPages = phase("accuracy-top-page", n -> true);
        if (!topPages.isEmpty()) {
            line("/clicks `top_page_path` against the exact top page of each listed label (without a path prefix it comes from"
                    + " frequent-items sketches); shortfall = how many fewer clicks the answered page has than the exact top page:");
            line("");
            line("| Filters | labels | top page exact | worst shortfall % |");
            line("|---|---:|---:|---:|");
            for (JsonNode a : topPages) {
                line("| " + a.path("variant").asText() + " | " + a.path("labels").asLong() + " | " + a.path("top_page_exact").asLong() + " | "
                        + a.path("worst_shortfall_pct").asDouble() + " |");
            }
            line("");
        }
        line("## 5. Start-up and memory");
        line("");
        line("| Service | Measure | Value |");
        line("|---|---|---:|");
        for (JsonNode s : phase("startup", n -> true)) {
            line("| " + s.path("service").asText() + " | process start → first successful API answer | " + num(s, "first_request_ms") + " ms |");
            line("| " + s.path("service").asText() + " | RSS right after that | " + num(s, "idle_rss_mb") + " MB |");
        }
        for (String[] run : runs) {
            List<JsonNode> steps = load(run[0], run[1]);
            if (!steps.isEmpty()) {
                line("| " + run[0] + " | peak RSS under load (" + run[1] + " ladder) | " + num(peak(steps, "rss_mb")) + " MB |");
            }
        }
        for (JsonNode m : phase("memory", n -> true)) {
            line("| " + m.path("service").asText() + " | peak RSS during the " + m.path("during").asText() + " | " + num(m, "rss_mb") + " MB |");
        }
        line("");

        // ---- summary --------------------------------------------------------------------------------
        List<JsonNode> ib = load("ingest", "batch");
        List<JsonNode> is = load("ingest", "single");
        List<JsonNode> bb = load("baseline", "batch");
        List<JsonNode> bs = load("baseline", "single");
        long ingestSustained = sustained(ib);
        long ingestPeak = peak(ib, "accepted_eps");
        long ingestStoredPeak = peak(ib, "stored_eps");
        long singleSustained = sustained(is);
        long baselinePeak = peak(bb, "accepted_eps");
        long baselineSinglePeak = peak(bs, "accepted_eps");
        JsonNode half = stepAtOrBelow(ib, 25_000);
        line("## Summary and ratios");
        line("");
        line("| Figure | Value |");
        line("|---|---:|");
        line("| Database bulk-load limit (best COPY) | " + num(bulk) + " rows/s |");
        line("| Database multi-row INSERT (best) | " + num(multiRow) + " rows/s |");
        line("| Ingest, batched: highest sustained step (accepted ≥ 95 % of offered, ≤ 1 % failed, p99 ≤ 1 s) | " + num(ingestSustained) + " events/s |");
        line("| Ingest, batched: peak accepted / peak stored | " + num(ingestPeak) + " / " + num(ingestStoredPeak) + " events/s |");
        line("| Ingest, one event per request: highest sustained step | " + num(singleSustained) + " events/s |");
        line("| Baseline, batched: peak accepted | " + num(baselinePeak) + " events/s |");
        line("| Baseline, one event per request: peak accepted | " + num(baselineSinglePeak) + " events/s |");
        line("| **Ingest ÷ database bulk limit** (sustained accepted ÷ best COPY) | " + pct(ingestSustained, bulk) + " |");
        line("| **Ingest stored rows ÷ database bulk limit** (peak stored ÷ best COPY) | " + pct(ingestStoredPeak, bulk) + " |");
        line("| **Ingest ÷ baseline**, batched (peak ÷ peak) | " + ratio(ingestPeak, baselinePeak) + " |");
        line("| **Ingest ÷ baseline**, one event per request (peak ÷ peak) | " + ratio(peak(is, "accepted_eps"), baselineSinglePeak) + " |");
        line("");
        line("| Target | Measured | |");
        line("|---|---|---|");
        line("| Ingest ≥ 50,000 events/s sustained | " + num(ingestSustained) + " events/s | " + mark(ingestSustained >= 50_000) + " |");
        line("| … and ≥ 25 % of the bulk-insert limit | " + pct(ingestSustained, bulk) + " | " + mark(bulk > 0 && ingestSustained * 4 >= bulk) + " |");
        if (half != null) {
            line("| p99 ≤ 20 ms at 25,000 events/s | p99 " + dec(half, "p99_ms") + " ms at " + num(half, "offered_eps") + " offered | "
                    + mark(half.path("p99_ms").asDouble() <= 20 && half.path("offered_eps").asLong() >= 25_000) + " |");
        }
        JsonNode halfSustained = stepAtOrBelow(ib, ingestSustained / 2);
        if (halfSustained != null && ingestSustained < 50_000) {
            line("| (p99 at half the sustained rate, " + num(ingestSustained / 2) + " events/s) | p99 " + dec(halfSustained, "p99_ms")
                    + " ms at " + num(halfSustained, "offered_eps") + " offered | " + mark(halfSustained.path("p99_ms").asDouble() <= 20) + " |");
        }
        line("| ≥ 10× the per-event-INSERT baseline (batched) | " + ratio(ingestPeak, baselinePeak) + " | "
                + mark(baselinePeak > 0 && ingestPeak >= 10 * baselinePeak) + " |");
        line("| One event per request ≥ 10,000 events/s | " + num(singleSustained) + " events/s | " + mark(singleSustained >= 10_000) + " |");
        List<JsonNode> lag = phase("lag", n -> true);
        if (!lag.isEmpty()) {
            // ingest's highest sustained step: phase 2's when it ran, else the lag ladder's own highest unsaturated step
            boolean fromPhase2 = !ib.isEmpty();
            List<JsonNode> ladder = fromPhase2 ? ib : lag;
            long sustainedOffered = 0;
            for (JsonNode s : ladder) {
                if (!s.path("saturated").asBoolean()) {
                    sustainedOffered = Math.max(sustainedOffered, s.path("offered_eps").asLong());
                }
            }
            long within = highestWithinLag(lag, "lag_max_s");
            // without phase 2, the lag ladder's own rates must have reached ingest's saturation to say what "sustained" is
            boolean known = fromPhase2 || lag.stream().anyMatch(s -> s.path("saturated").asBoolean());
            String verdict = known || within < sustainedOffered ? mark(within > 0 && within >= sustainedOffered)
                    : "not shown: ingest did not saturate (run phase 2 too, or higher LAG_RATES)";
            line("| Rollup lag ≤ 15 s while ingest runs at its highest sustained rate | lag ≤ 15 s up to " + num(within)
                    + " events/s offered; ingest sustained " + num(sustainedOffered) + " events/s offered ("
                    + (fromPhase2 ? "phase 2" : known ? "the lag ladder" : "the lag ladder's top step, not saturated") + ") | " + verdict + " |");
        }
        for (String t : dashTargets) {
            line(t);
        }
        line("");
        return md.toString();
    }

    /** One ladder's table (phases 2 and 3). */
    private void loadTable(String[] run) {
        List<JsonNode> steps = load(run[0], run[1]);
        if (steps.isEmpty()) {
            return;
        }
        line("## " + run[2]);
        line("");
        line("| Offered ev/s | Offered req/s | Accepted ev/s | Stored rows/s | p50 ms | p99 ms | p99.9 ms | max ms | failed req | "
                + "CPU svc / PG / gen (cores) | svc CPU µs/event | RSS MB | |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|");
        for (JsonNode s : steps) {
            line("| " + num(s, "offered_eps") + " | " + num(s, "offered_rps") + " | " + num(s, "accepted_eps") + " | "
                    + num(s, "stored_eps") + " | " + dec(s, "p50_ms") + " | " + dec(s, "p99_ms") + " | " + dec(s, "p999_ms") + " | "
                    + dec1(s, "max_ms") + " | " + num(s, "failed_requests") + " | " + dec(s, "cpu_service") + " / "
                    + dec(s, "cpu_postgres") + " / " + dec(s, "cpu_generator") + " | " + perEvent(s) + " | " + num(s, "rss_mb") + " | "
                    + (s.path("saturated").asBoolean() ? "saturated " + failures(s) : "") + " |");
        }
        line("");
    }

    /** Issue 26's lag target (seconds), for the lag ladder's summary line. */
    static final double LAG_TARGET_S = 15;

    /** Highest offered rate of a lag-ladder step whose {@code field} (a lag in seconds) stayed ≤ the target; 0 when none. */
    static long highestWithinLag(List<JsonNode> steps, String field) {
        long best = 0;
        for (JsonNode s : steps) {
            if (s.path(field).asDouble() <= LAG_TARGET_S) {
                best = Math.max(best, s.path("offered_eps").asLong());
            }
        }
        return best;
    }

    /** Phase 2c: the rollup lag while the ingest ladder runs. */
    private void lagTable() {
        List<JsonNode> steps = phase("lag", n -> true);
        if (steps.isEmpty()) {
            return;
        }
        line("## 2c. Rollup lag while the ingest ladder runs (batched beacons; ingest and dashboard services as shipped)");
        line("");
        line("A fresh database; the dashboard's rollup job on its default cadence; steps back to back. *Lag*: the dashboard's"
                + " `analytics_rollup_lag_seconds` (/q/metrics) read once a second; *unfolded*: committed events at or after the"
                + " rollup watermark, and the age of the oldest of them (received), read from the database once a second.");
        line("");
        line("| Offered ev/s | Accepted ev/s | Stored ev/s | p99 ms | lag max s | lag p95 s | unfolded max | oldest unfolded max / p95 s | "
                + "CPU ingest / dashboard / PG (cores) | dashboard RSS MB | DB reading ms (max) | |");
        line("|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|");
        for (JsonNode s : steps) {
            List<String> notes = new ArrayList<>();
            if (s.path("saturated").asBoolean()) {
                notes.add("ingest saturated " + failures(s));
            }
            if (s.path("lag_max_s").asDouble() > LAG_TARGET_S) {
                notes.add("lag > 15 s");
            }
            if (s.path("lag_metric_missing").asLong() > 0) {
                notes.add(s.path("lag_metric_missing").asLong() + " metric readings missing");
            }
            line("| " + num(s, "offered_eps") + " | " + num(s, "accepted_eps") + " | " + num(s, "stored_eps") + " | " + dec(s, "p99_ms") + " | "
                    + dec1(s, "lag_max_s") + " | " + dec1(s, "lag_p95_s") + " | " + num(s, "unfolded_max") + " | " + dec1(s, "oldest_unfolded_max_s")
                    + " / " + dec1(s, "oldest_unfolded_p95_s") + " | " + dec(s, "cpu_ingest") + " / " + dec(s, "cpu_dashboard") + " / "
                    + dec(s, "cpu_postgres") + " | " + num(s, "rss_mb_dashboard") + " | " + num(s, "db_reading_ms_max") + " | " + String.join("; ", notes) + " |");
        }
        line("");
        for (JsonNode d : phase("lag-drain", n -> true)) {
            line("After the last step (" + num(d, "after_offered_eps") + " events/s offered), without load: the metric read 0 after "
                    + (d.path("metric_zero_s").isNumber() ? dec1(d, "metric_zero_s") + " s" : "**more than " + num(d, "max_s") + " s**")
                    + ", nothing committed was unfolded after "
                    + (d.path("all_folded_s").isNumber() ? dec1(d, "all_folded_s") + " s" : "**more than " + num(d, "max_s") + " s**")
                    + " (meanwhile lag max " + dec1(d, "lag_max_s") + " s, unfolded max " + num(d, "unfolded_max") + ").");
            line("");
        }
        long byMetric = highestWithinLag(steps, "lag_max_s");
        long byDb = highestWithinLag(steps, "oldest_unfolded_max_s");
        line("**Highest ladder step with max lag ≤ 15 s: " + (byMetric == 0 ? "none" : num(byMetric) + " events/s offered") + "** (by the"
                + " database's oldest unfolded event: " + (byDb == 0 ? "none" : num(byDb) + " events/s") + ").");
        line("");
    }

    private static String failures(JsonNode s) {
        StringBuilder sb = new StringBuilder("(");
        s.path("statuses").fields().forEachRemaining(e -> {
            if (!e.getKey().equals("204") && !e.getKey().equals("200")) {
                sb.append(sb.length() > 1 ? ", " : "").append(e.getKey()).append(": ").append(e.getValue().asLong());
            }
        });
        return sb.length() == 1 ? "" : sb.append(')').toString();
    }

    /** Service CPU time per accepted event (µs): the cost that bounds throughput on a fixed core count. */
    private static String perEvent(JsonNode s) {
        long accepted = s.path("accepted_eps").asLong();
        return accepted <= 0 ? "–" : num(Math.round(s.path("cpu_service").asDouble() * 1e6 / accepted));
    }

    private static String pct(long a, long b) {
        return b <= 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * a / b);
    }

    private static String ratio(long a, long b) {
        return b <= 0 ? "–" : String.format(Locale.ROOT, "%.1f×", (double) a / b);
    }

    private static String mark(boolean ok) {
        return ok ? "met" : "**MISSED**";
    }
}
