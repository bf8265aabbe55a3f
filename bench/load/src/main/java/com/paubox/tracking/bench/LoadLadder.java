package com.paubox.tracking.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Phase 2/3: an open-model load generator. Requests are scheduled at fixed intended start times
 * (offered rate / mean events per request, evenly spaced) whatever the server does; when the server (or
 * the connection pool) falls behind, requests queue and their latency is measured from the intended start
 * time, not from when they could be sent, so the generator does not coordinate-omit. Latency goes into an
 * HdrHistogram (µs, 3 significant digits). One step per offered rate; the ladder stops after the first
 * saturated step (accepted < 95 % of offered, > 1 % errors, or p99 > 1 s).
 */
final class LoadLadder {

    private LoadLadder() {
    }

    static void run(Args args) throws Exception {
        URI url = URI.create(args.required("url"));
        String out = args.required("out");
        String target = args.str("target", "ingest");
        String mode = args.str("mode", "batch");
        int minEvents = mode.equals("single") ? 1 : args.integer("min-events", 1);
        int maxEvents = mode.equals("single") ? 1 : args.integer("max-events", 20);
        List<String> rates = args.list("rates");
        double stepSeconds = args.decimal("duration", 10);
        double warmupSeconds = args.decimal("warmup", 8);
        double warmupRate = args.decimal("warmup-rate", Double.parseDouble(rates.get(0)));
        int conns = args.integer("conns", 256);
        int timeoutMs = args.integer("timeout-ms", 10_000);
        double pauseSeconds = args.decimal("pause", 2);
        boolean stopOnSaturation = !args.flag("no-stop");
        String db = args.str("db", null);
        List<Long> pids = new ArrayList<>();
        for (String p : args.list("pids")) {
            pids.add(Long.parseLong(p));
        }

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(args.integer("event-loops", 2)));
        HttpClient client = client(vertx, url, conns);
        Beacons beacons = new Beacons(args.longValue("seed", 7));
        if (db != null && args.flag("truncate")) {
            // each ladder starts from an empty table, so the ladders are comparable
            try (var c = Db.connect(db)) {
                Db.exec(c, "TRUNCATE analytics_events");
                Db.exec(c, "CHECKPOINT");
            }
        }
        try {
            Step warm = new Step(client, url.getRawPath(), beacons, warmupRate, minEvents, maxEvents, warmupSeconds, timeoutMs);
            warm.run();
            System.out.printf("warm-up %s %s at %.0f events/s: %s%n", target, mode, warmupRate, warm.summary());
            pause(pauseSeconds);
            for (String rate : rates) {
                double offered = Double.parseDouble(rate);
                long before = db == null ? -1 : Db.count(db);
                long[] cpuBefore = cpu(pids);
                Step step = new Step(client, url.getRawPath(), beacons, offered, minEvents, maxEvents, stepSeconds, timeoutMs);
                try (Procs.RssSampler rss = new Procs.RssSampler(pids)) {
                    step.run();
                    long[] cpuAfter = cpu(pids);
                    pause(0.3); // the writer's last flush
                    long stored = db == null ? -1 : Db.count(db) - before;
                    Map<String, Object> r = step.result(target, mode, stored);
                    double seconds = step.elapsedSeconds();
                    for (int i = 0; i < pids.size(); i++) {
                        r.put("rss_mb" + (i == 0 ? "" : "_" + i), rss.peakMb(i));
                        r.put("cpu_service" + (i == 0 ? "" : "_" + i), Procs.cores(cpuAfter[i] - cpuBefore[i], seconds));
                    }
                    r.put("cpu_postgres", Procs.cores(cpuAfter[pids.size()] - cpuBefore[pids.size()], seconds));
                    r.put("cpu_generator", Procs.cores(cpuAfter[pids.size() + 1] - cpuBefore[pids.size() + 1], seconds));
                    r.put("cpu_machine", Procs.cores(cpuAfter[pids.size() + 2] - cpuBefore[pids.size() + 2], seconds));
                    Results.append(out, r);
                    if (stopOnSaturation && Boolean.TRUE.equals(r.get("saturated"))) {
                        System.out.println("saturated at " + rate + " events/s offered: ladder stops");
                        break;
                    }
                }
                pause(pauseSeconds);
            }
        } finally {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The generator's client: keep-alive, no pipelining, an unbounded wait queue (a late request waits, it is not refused). */
    static HttpClient client(Vertx vertx, URI url, int conns) {
        return vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost(url.getHost()).setDefaultPort(url.getPort())
                .setKeepAlive(true).setPipelining(false).setTcpNoDelay(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(conns).setMaxWaitQueueSize(-1));
    }

    /** CPU ticks of each of {@code pids}, then of PostgreSQL, of this generator and of the whole machine. */
    static long[] cpu(List<Long> pids) {
        long[] v = new long[pids.size() + 3];
        for (int i = 0; i < pids.size(); i++) {
            v[i] = Procs.cpuTicks(pids.get(i));
        }
        v[pids.size()] = Procs.postgresTicks();
        v[pids.size() + 1] = Procs.cpuTicks(Procs.selfPid());
        v[pids.size() + 2] = Procs.machineBusyTicks();
        return v;
    }

    private static void pause(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    /** One step: a fixed offered rate for a fixed time. */
    static final class Step {
        private final HttpClient client;
        private final String path;
        private final Beacons beacons;
        private final double offeredEvents;
        private final int minEvents;
        private final int maxEvents;
        private final double seconds;
        private final int timeoutMs;
        private final SplittableRandom sizes = new SplittableRandom(11);
        private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
        private final LongAdder eventsSent = new LongAdder();
        private final LongAdder events2xx = new LongAdder();
        private final LongAdder requests2xx = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        private final AtomicInteger outstanding = new AtomicInteger();
        private final AtomicLong lastDone = new AtomicLong();
        private long requests;
        private long t0;
        private long end;
        private Histogram histogram;

        Step(HttpClient client, String path, Beacons beacons, double offeredEvents, int minEvents, int maxEvents, double seconds,
                int timeoutMs) {
            this.client = client;
            this.path = path;
            this.beacons = beacons;
            this.offeredEvents = offeredEvents;
            this.minEvents = minEvents;
            this.maxEvents = maxEvents;
            this.seconds = seconds;
            this.timeoutMs = timeoutMs;
        }

        double meanEvents() {
            return (minEvents + maxEvents) / 2.0;
        }

        double offeredRequests() {
            return offeredEvents / meanEvents();
        }

        void run() throws InterruptedException {
            double intervalNs = 1e9 / offeredRequests();
            t0 = System.nanoTime() + 20_000_000L;
            end = t0 + (long) (seconds * 1e9);
            lastDone.set(t0);
            recorder.reset();
            for (long i = 0;; i++) {
                long intended = t0 + (long) (i * intervalNs);
                if (intended >= end) {
                    break;
                }
                long now = System.nanoTime();
                if (intended > now) {
                    // parks, never spins (the cores are shared with the server); lateness is in the latency
                    LockSupport.parkNanos(intended - now);
                }
                send(intended);
                requests++;
            }
            // Bounded wait for the stragglers: each request times out after timeoutMs anyway.
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L + 2_000_000_000L;
            while (outstanding.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            int lost = outstanding.get();
            if (lost > 0) {
                failures.add(lost);
                statuses.computeIfAbsent("lost", k -> new LongAdder()).add(lost);
            }
            histogram = recorder.getIntervalHistogram();
        }

        private void send(long intended) {
            int n = minEvents == maxEvents ? minEvents : minEvents + sizes.nextInt(maxEvents - minEvents + 1);
            Beacons.Request beacon = beacons.next(n);
            eventsSent.add(n);
            outstanding.incrementAndGet();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path).setTimeout(timeoutMs)
                    .putHeader("content-type", "text/plain;charset=UTF-8")
                    .putHeader("x-forwarded-for", beacon.ip())
                    .putHeader("origin", "http://localhost:3000");
            if (beacon.userAgent() != null) {
                options.putHeader("user-agent", beacon.userAgent());
            }
            Buffer body = Buffer.buffer(beacon.body());
            client.request(options)
                    .compose(req -> req.send(body))
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .onComplete(ar -> {
                        long done = System.nanoTime();
                        recorder.recordValue(Math.max(1, (done - intended) / 1000));
                        lastDone.accumulateAndGet(done, Math::max);
                        if (ar.succeeded()) {
                            int status = ar.result();
                            statuses.computeIfAbsent(Integer.toString(status), k -> new LongAdder()).increment();
                            if (status >= 200 && status < 300) {
                                requests2xx.increment();
                                events2xx.add(n);
                            } else {
                                failures.increment();
                            }
                        } else {
                            String kind = ar.cause().getClass().getSimpleName();
                            statuses.computeIfAbsent(kind, k -> new LongAdder()).increment();
                            failures.increment();
                        }
                        outstanding.decrementAndGet();
                    });
        }

        double elapsedSeconds() {
            return (Math.max(end, lastDone.get()) - t0) / 1e9;
        }

        String summary() {
            return String.format("%d requests, %d 2xx, p50 %.2f ms, p99 %.2f ms", requests, requests2xx.sum(),
                    histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0);
        }

        Map<String, Object> result(String target, String mode, long stored) {
            double elapsed = elapsedSeconds();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("phase", "load");
            r.put("target", target);
            r.put("mode", mode);
            r.put("events_per_request", minEvents == maxEvents ? Integer.toString(minEvents) : minEvents + "-" + maxEvents);
            r.put("offered_eps", Math.round(offeredEvents));
            r.put("offered_rps", Math.round(offeredRequests()));
            r.put("duration_s", DbLimit.round(elapsed, 2));
            r.put("requests", requests);
            r.put("events_sent", eventsSent.sum());
            r.put("events_2xx", events2xx.sum());
            r.put("accepted_eps", Math.round(events2xx.sum() / elapsed));
            r.put("stored_rows", stored);
            r.put("stored_eps", stored < 0 ? -1 : Math.round(stored / elapsed));
            r.put("p50_ms", ms(histogram.getValueAtPercentile(50)));
            r.put("p90_ms", ms(histogram.getValueAtPercentile(90)));
            r.put("p99_ms", ms(histogram.getValueAtPercentile(99)));
            r.put("p999_ms", ms(histogram.getValueAtPercentile(99.9)));
            r.put("max_ms", ms(histogram.getMaxValue()));
            long failed = failures.sum();
            r.put("failed_requests", failed);
            Map<String, Long> st = new TreeMap<>();
            statuses.forEach((k, v) -> st.put(k, v.sum()));
            r.put("statuses", st);
            double errorRate = requests == 0 ? 0 : (double) failed / requests;
            boolean saturated = events2xx.sum() / elapsed < 0.95 * offeredEvents || errorRate > 0.01
                    || histogram.getValueAtPercentile(99) > 1_000_000;
            r.put("saturated", saturated);
            return r;
        }

        private static double ms(long micros) {
            return DbLimit.round(micros / 1000.0, 2);
        }
    }
}
