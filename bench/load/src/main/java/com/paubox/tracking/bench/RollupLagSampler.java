package com.paubox.tracking.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Once a second, two readings of how far the rollups trail: the dashboard's own {@code analytics_rollup_lag_seconds}
 * (from /q/metrics, which needs no token) and, independently, the database: how many committed events are at or after
 * the watermark (not folded yet: V42's {@code (xact_id, occurred_at) >= (folded_xact, folded_occurred)}, every event
 * when the job has not run yet) and how long ago the oldest of them was received. Each sample is kept in memory and,
 * with {@code csv}, written as a line there (for plots and for finding where the two disagree).
 */
final class RollupLagSampler implements AutoCloseable {

    /** Unfolded committed events and the age of the oldest, in one snapshot with the watermark it compares to. */
    static final String UNFOLDED_SQL = """
            WITH w AS (SELECT coalesce(max(folded_xact), 0) AS x, coalesce(max(folded_occurred), '-infinity') AS o
                       FROM analytics_rollup_watermark)
            SELECT count(*), coalesce(extract(epoch FROM clock_timestamp() - min(e.received_at)), 0)::float8
            FROM w JOIN analytics_events e ON (e.xact_id, e.occurred_at) >= (w.x, w.o)""";

    /**
     * One reading, {@code atMs} after the sampler started. {@code metric} NaN: /q/metrics did not answer (or lacked the
     * gauge); {@code unfolded} -1: the database query failed. {@code probeMs}: how long the database reading took (it reads
     * every unfolded row, so it costs the machine something under a backlog).
     */
    record Sample(long atMs, double metric, long unfolded, double oldestAgeS, long probeMs) {
    }

    private final String dashboard;
    private final Connection db;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sample> samples = new ArrayList<>();
    private final PrintWriter csv;
    private final long t0 = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lag-sampler");
        t.setDaemon(true);
        return t;
    });
    private final int dbEvery;
    private long ticks;
    private volatile String label = "";

    /**
     * {@code dbEvery}: read the database every that many seconds (the metric every second). The reading scans every
     * unfolded row (heap fetches: fresh rows are not all-visible yet), so under a backlog of hundreds of thousands it
     * costs PostgreSQL a few hundred ms per reading on the machine being measured.
     */
    RollupLagSampler(String dashboardBase, String dbUrl, String csvFile, int dbEvery) throws Exception {
        this.dashboard = dashboardBase;
        this.dbEvery = Math.max(1, dbEvery);
        this.db = Db.connect(dbUrl);
        if (csvFile != null) {
            Path path = Path.of(csvFile);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            csv = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8));
            csv.println("t_s,step,metric_lag_s,unfolded_events,oldest_unfolded_age_s,probe_ms");
        } else {
            csv = null;
        }
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** What the following samples belong to (a ladder step's offered rate, "drain", …), for the CSV. */
    void label(String value) {
        label = value;
    }

    /** How many samples were taken so far: a step's samples are those between two such counts. */
    synchronized int count() {
        return samples.size();
    }

    synchronized List<Sample> since(int from) {
        return new ArrayList<>(samples.subList(Math.min(from, samples.size()), samples.size()));
    }

    /** Milliseconds since the sampler started, on the samples' clock. */
    long nowMs() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private void sample() {
        long at = nowMs();
        double metric = metric();
        long unfolded = -1;
        double age = Double.NaN;
        long p0 = System.nanoTime();
        if (ticks++ % dbEvery != 0) {
            record(new Sample(at, metric, -1, Double.NaN, 0));
            return;
        }
        try (Statement s = db.createStatement()) {
            s.setQueryTimeout(10);
            try (ResultSet rs = s.executeQuery(UNFOLDED_SQL)) {
                rs.next();
                unfolded = rs.getLong(1);
                age = unfolded == 0 ? 0 : rs.getDouble(2);
            }
        } catch (Exception e) {
            System.err.println("lag sampler: database reading failed: " + e);
        }
        long probeMs = (System.nanoTime() - p0) / 1_000_000;
        record(new Sample(at, metric, unfolded, age, probeMs));
    }

    private synchronized void record(Sample sample) {
        samples.add(sample);
        if (csv != null) {
            csv.printf(Locale.ROOT, "%.1f,%s,%s,%s,%s,%d%n", sample.atMs() / 1000.0, label,
                    Double.isNaN(sample.metric()) ? "" : Double.toString(sample.metric()), sample.unfolded() < 0 ? "" : Long.toString(sample.unfolded()),
                    Double.isNaN(sample.oldestAgeS()) ? "" : String.format(Locale.ROOT, "%.1f", sample.oldestAgeS()), sample.probeMs());
            csv.flush();
        }
    }

    private double metric() {
        try {
            // a short timeout: a stalled dashboard shows as missing readings, not as a stalled sampler
            var resp = http.send(HttpRequest.newBuilder(URI.create(dashboard + "/q/metrics")).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                return Double.NaN;
            }
            return resp.body().lines().filter(l -> l.startsWith("analytics_rollup_lag_seconds ")).findFirst()
                    .map(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).orElse(Double.NaN);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(15, TimeUnit.SECONDS);
            db.close();
        } catch (Exception e) {
            // closing anyway
        }
        if (csv != null) {
            csv.close();
            if (csv.checkError()) {
                throw new UncheckedIOException(new IOException("could not write the lag samples"));
            }
        }
    }
}
