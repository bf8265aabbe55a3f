package com.paubox.tracking.bench;

import java.net.URI;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;

/**
 * Issue 26, "fast to build": how far the dashboard's rollups trail while the ingest service takes batched beacons at
 * increasing offered rates. The ingest service and the dashboard service run as shipped (the rollup job on its default
 * cadence) against one database; the load is {@link LoadLadder}'s open-model step with the same beacons, one step after
 * the other without a pause (a backlog left by one step carries into the next, as it would in production).
 * {@link RollupLagSampler} reads the lag once a second: the dashboard's {@code analytics_rollup_lag_seconds} and, as an
 * independent check, the unfolded committed events in the database and the age of the oldest.
 * <p>
 * Per step (one result line, phase "lag"): offered, accepted and stored events/s and the step's latency as phase 2
 * reports them; the metric's max and p95; the unfolded events' max and the oldest one's age (max, p95); CPU and RSS of
 * both services. The ladder stops after a step that saturated the ingest service (phase 2's rule) or whose lag (either
 * reading) exceeded {@code --stop-lag} seconds: the rollups then only fall further behind. After the last step (phase
 * "lag-drain"): how long until the metric reads 0 and until nothing committed is unfolded, at most {@code --drain-max}
 * seconds.
 */
final class RollupLagLadder {

    private RollupLagLadder() {
    }

    static void run(Args args) throws Exception {
        URI url = URI.create(args.required("url"));
        String dashboard = args.required("dashboard");
        String db = args.required("db");
        String out = args.required("out");
        List<String> rates = args.list("rates");
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("--rates is required");
        }
        double stepSeconds = args.decimal("duration", 60);
        double warmupSeconds = args.decimal("warmup", 15);
        double warmupRate = args.decimal("warmup-rate", Double.parseDouble(rates.get(0)));
        double stopLagSeconds = args.decimal("stop-lag", 60);
        double drainMaxSeconds = args.decimal("drain-max", 600);
        double settleMaxSeconds = args.decimal("settle-max", 120);
        int conns = args.integer("conns", 256);
        int timeoutMs = args.integer("timeout-ms", 10_000);
        int maxEvents = args.integer("max-events", 20);
        List<Long> pids = new ArrayList<>();
        for (String p : args.list("pids")) { // ingest, dashboard
            pids.add(Long.parseLong(p));
        }

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(args.integer("event-loops", 2)));
        HttpClient client = LoadLadder.client(vertx, url, conns);
        Beacons beacons = new Beacons(args.longValue("seed", 7));
        try (RollupLagSampler sampler = new RollupLagSampler(dashboard, db, args.str("samples", null), args.integer("db-every", 1));
                Connection c = Db.connect(db)) {
            sampler.label("warm-up");
            var warm = new LoadLadder.Step(client, url.getRawPath(), beacons, warmupRate, 1, maxEvents, warmupSeconds, timeoutMs);
            warm.run();
            System.out.printf("warm-up at %.0f events/s: %s%n", warmupRate, warm.summary());
            // the measured steps start from rollups that hold every stored event (the warm-up's folded)
            sampler.label("settle");
            double settled = waitFolded(sampler, sampler.count(), settleMaxSeconds)[1];
            System.out.printf("rollups %s after the warm-up%n", settled < 0 ? "NOT caught up " + settleMaxSeconds + " s" : "caught up " + settled + " s");

            double lastOffered = 0;
            for (String rate : rates) {
                double offered = Double.parseDouble(rate);
                lastOffered = offered;
                sampler.label(rate);
                int from = sampler.count();
                long x0 = xact(c);
                long[] cpuBefore = LoadLadder.cpu(pids);
                var step = new LoadLadder.Step(client, url.getRawPath(), beacons, offered, 1, maxEvents, stepSeconds, timeoutMs);
                Map<String, Object> r;
                try (Procs.RssSampler rss = new Procs.RssSampler(pids)) {
                    step.run();
                    long[] cpuAfter = LoadLadder.cpu(pids);
                    Thread.sleep(300); // the writer's last flush
                    // rows of the transactions that began during the step (by the (xact_id, occurred_at) index: no count of the whole table)
                    long stored = Db.longQuery(c, "SELECT count(*) FROM analytics_events WHERE xact_id > " + x0 + " AND xact_id < " + xact(c));
                    r = step.result("ingest", "batch", stored);
                    r.put("phase", "lag");
                    double seconds = step.elapsedSeconds();
                    String[] names = { "ingest", "dashboard" };
                    for (int i = 0; i < pids.size() && i < names.length; i++) {
                        r.put("rss_mb_" + names[i], rss.peakMb(i));
                        r.put("cpu_" + names[i], Procs.cores(cpuAfter[i] - cpuBefore[i], seconds));
                    }
                    r.put("cpu_postgres", Procs.cores(cpuAfter[pids.size()] - cpuBefore[pids.size()], seconds));
                    r.put("cpu_generator", Procs.cores(cpuAfter[pids.size() + 1] - cpuBefore[pids.size() + 1], seconds));
                    r.put("cpu_machine", Procs.cores(cpuAfter[pids.size() + 2] - cpuBefore[pids.size() + 2], seconds));
                }
                List<RollupLagSampler.Sample> during = sampler.since(from);
                putLag(r, during);
                Results.append(out, r);
                if (Boolean.TRUE.equals(r.get("saturated"))) {
                    System.out.println("ingest saturated at " + rate + " events/s offered: the lag ladder stops");
                    break;
                }
                double worst = Math.max(max(during, RollupLagSampler.Sample::metric), max(during, RollupLagSampler.Sample::oldestAgeS));
                if (worst > stopLagSeconds) {
                    System.out.printf("lag %.1f s > %.0f s at %s events/s offered: the lag ladder stops%n", worst, stopLagSeconds, rate);
                    break;
                }
            }

            // after the last step: no more load; how long the rollups take to hold everything again
            sampler.label("drain");
            long endMs = sampler.nowMs();
            int from = sampler.count();
            double[] drained = waitFolded(sampler, from, drainMaxSeconds);
            List<RollupLagSampler.Sample> drain = sampler.since(from);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("phase", "lag-drain");
            d.put("after_offered_eps", Math.round(lastOffered));
            d.put("metric_zero_s", drained[0] < 0 ? null : DbLimit.round(drained[0] - endMs / 1000.0, 1));
            d.put("all_folded_s", drained[1] < 0 ? null : DbLimit.round(drained[1] - endMs / 1000.0, 1));
            d.put("max_s", drainMaxSeconds);
            d.put("status", drained[0] >= 0 && drained[1] >= 0 ? "caught up" : "NOT caught up within " + (long) drainMaxSeconds + " s");
            putLag(d, drain);
            d.put("settle_after_warmup_s", settled < 0 ? null : settled);
            Results.append(out, d);
        } finally {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits (polling the sampler's readings from index {@code from}) until the metric reads 0 and until the database
     * holds no unfolded committed event, at most {@code maxSeconds}. Returns, for each, the sampler time in seconds of
     * the first reading that showed it, or -1.
     */
    static double[] waitFolded(RollupLagSampler sampler, int from, double maxSeconds) throws InterruptedException {
        double[] at = { -1, -1 };
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        while (System.nanoTime() < deadline && (at[0] < 0 || at[1] < 0)) {
            Thread.sleep(500);
            for (RollupLagSampler.Sample s : sampler.since(from)) {
                if (at[0] < 0 && s.metric() == 0) {
                    at[0] = s.atMs() / 1000.0;
                }
                if (at[1] < 0 && s.unfolded() == 0) {
                    at[1] = s.atMs() / 1000.0;
                }
            }
        }
        return at;
    }

    /** The lag figures of some readings into a result line. */
    static void putLag(Map<String, Object> r, List<RollupLagSampler.Sample> samples) {
        r.put("lag_samples", samples.size());
        r.put("lag_metric_missing", samples.stream().filter(s -> Double.isNaN(s.metric())).count());
        r.put("lag_max_s", DbLimit.round(max(samples, RollupLagSampler.Sample::metric), 1));
        r.put("lag_p95_s", DbLimit.round(p95(samples, RollupLagSampler.Sample::metric), 1));
        r.put("unfolded_max", (long) max(samples, s -> s.unfolded()));
        r.put("unfolded_p95", (long) p95(samples, s -> s.unfolded()));
        r.put("oldest_unfolded_max_s", DbLimit.round(max(samples, RollupLagSampler.Sample::oldestAgeS), 1));
        r.put("oldest_unfolded_p95_s", DbLimit.round(p95(samples, RollupLagSampler.Sample::oldestAgeS), 1));
        r.put("db_reading_ms_max", (long) max(samples, s -> s.probeMs()));
    }

    /** Largest value, ignoring unread ones (NaN, negative); 0 when none. */
    static double max(List<RollupLagSampler.Sample> samples, ToDoubleFunction<RollupLagSampler.Sample> f) {
        return Arrays.stream(values(samples, f)).max().orElse(0);
    }

    /** 95th percentile (nearest rank), ignoring unread values; 0 when none. */
    static double p95(List<RollupLagSampler.Sample> samples, ToDoubleFunction<RollupLagSampler.Sample> f) {
        double[] v = values(samples, f);
        if (v.length == 0) {
            return 0;
        }
        Arrays.sort(v);
        return v[(int) Math.ceil(0.95 * v.length) - 1];
    }

    private static double[] values(List<RollupLagSampler.Sample> samples, ToDoubleFunction<RollupLagSampler.Sample> f) {
        return samples.stream().mapToDouble(f).filter(v -> !Double.isNaN(v) && v >= 0).toArray();
    }

    /** A new transaction id: the rows of transactions between two of them were stored in between. */
    private static long xact(Connection c) throws Exception {
        return Db.longQuery(c, "SELECT pg_current_xact_id()::text::bigint");
    }
}
