package com.paubox.tracking.ingest.repository;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.OffsetDateTime;

import org.jboss.logging.Logger;

import com.paubox.tracking.ingest.config.IngestConfig;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Stage 6: a bounded in-memory queue drained in batches (at once when the writer is idle, otherwise when the
 * running INSERT commits or a batch is full; optionally after a linger interval) by one multi-row
 * INSERT ... SELECT FROM UNNEST(arrays) ON CONFLICT DO NOTHING (clamped times: see {@link #INSERT}). Group
 * commit: a request's Uni completes only after the statement holding its events has committed, so 204 means
 * stored. A request is never split across batches. Queue full, database down or shutting down: the Uni fails with
 * {@link StorageUnavailableException} (503).
 * <p>
 * A circuit breaker around the batches keeps a database outage from holding requests: when at least half of the
 * last {@code breaker-window} batches failed (connection refused or lost, SQL error, no commit within the commit
 * time-out) it opens, and for {@code breaker-delay} every request is refused at once without being queued. Then one
 * probe batch goes through (half-open; requests arriving meanwhile are refused): its commit closes the breaker, its
 * failure opens it again.
 */
public class EventWriter {

    private static final Logger LOG = Logger.getLogger(EventWriter.class);

    /**
     * One statement per batch. An event whose client time was clamped ({@code k}: the client's time, else null)
     * takes the time first assigned to its id in analytics_clamped_events: the upsert returns the stored time of
     * an id already there (a concurrent writer's insert of the same id is waited for), so a retry collides on
     * (event_id, occurred_at) like any other. Ids are upserted once each and in order (no two batches lock them
     * in opposite orders). A retry whose time was clamped on one attempt and believed on another is caught too:
     * an unclamped row also looks up a remembered time, and a clamped row whose client time is already stored
     * is a duplicate.
     */
    static final String INSERT = """
            WITH batch AS (
                SELECT u.*, k IS NOT NULL AND EXISTS (
                        SELECT 1 FROM analytics_events x WHERE x.event_id = u.e AND x.occurred_at = u.k) AS seen
                FROM UNNEST($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::uuid[], $6::uuid[],
                    $7::int[], $8::text[], $9::bigint[], $10::text[], $11::text[], $12::int[], $13::int[], $14::text[],
                    $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[],
                    $22::text[], $23::text[], $24::text[], $25::timestamptz[])
                    AS u(e, o, r, t, a, s, sc, us, c, su, pp, d, v, l, el, h, ec, gci, grg, gco, br, os, dt, p, k)
            ), assigned AS (
                INSERT INTO analytics_clamped_events AS m (event_id, occurred_at)
                SELECT DISTINCT ON (e) e, o FROM batch WHERE k IS NOT NULL AND NOT seen ORDER BY e, o
                ON CONFLICT (event_id) DO UPDATE SET event_id = excluded.event_id
                RETURNING m.event_id, m.occurred_at
            )
            INSERT INTO analytics_events (event_id, occurred_at, received_at, type, anon_id, session_id, session_count,
                user_sub, customer_id, surface, page_path, duration_ms, visible_ms, label, element, href_path, error_code,
                geo_city, geo_region, geo_country, browser, os, device_type, properties)
            SELECT e, coalesce(assigned.occurred_at, remembered.occurred_at, o), r, t, a, s, sc, us, c, su, pp, d, v, l,
                el, h, ec, gci, grg, gco, br, os, dt, p::jsonb
            FROM batch
            LEFT JOIN assigned ON assigned.event_id = batch.e
            LEFT JOIN analytics_clamped_events remembered ON remembered.event_id = batch.e
            WHERE NOT seen
            ON CONFLICT DO NOTHING
            RETURNING event_id""";

    /** A request's events waiting for their commit. */
    private record Pending(List<EventRow> rows, UniEmitter<? super Integer> emitter) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final IngestConfig.Writer config;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final AtomicInteger depth = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean timerArmed = new AtomicBoolean();
    private volatile boolean accepting = true;
    private volatile boolean lastBatchFailed;
    private final DistributionSummary batchSize;
    private final Timer commitLatency;
    private final CircuitBreaker breaker;

    public EventWriter(Pool pool, Vertx vertx, IngestConfig.Writer config, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.batchSize = DistributionSummary.builder("analytics.ingest.batch.size")
                .description("Events per INSERT").publishPercentileHistogram().register(registry);
        this.commitLatency = Timer.builder("analytics.ingest.commit.latency")
                .description("Time from an INSERT's start to its commit").publishPercentileHistogram().register(registry);
        Gauge.builder("analytics.ingest.queue.depth", depth, AtomicInteger::get)
                .description("Events waiting for the database").register(registry);
        this.breaker = CircuitBreaker.of("storage", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.breakerWindow())
                .minimumNumberOfCalls(config.breakerWindow())
                .failureRateThreshold(50)
                .waitDurationInOpenState(config.breakerDelay())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> LOG.warnf("storage circuit breaker: %s", e.getStateTransition()));
        Gauge.builder("analytics.ingest.breaker.open", breaker, b -> b.getState() == CircuitBreaker.State.CLOSED ? 0 : 1)
                .description("1 while the storage circuit breaker is open or half-open (requests refused at once)")
                .register(registry);
    }

    /**
     * Queues a request's rows; the Uni yields how many were new (the rest were duplicates) once committed,
     * or fails with {@link StorageUnavailableException}.
     */
    public Uni<Integer> write(List<EventRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Duration timeout = config.commitTimeout();
        return Uni.createFrom().<Integer>emitter(emitter -> enqueue(new Pending(rows, emitter)))
                .ifNoItem().after(timeout).failWith(() -> new StorageUnavailableException("commit timed out", null));
    }

    private void enqueue(Pending pending) {
        if (!accepting) {
            pending.emitter().fail(new StorageUnavailableException("shutting down", null));
            return;
        }
        // Open (or half-open with its probe under way): refuse at once instead of queueing behind a dead database.
        // The permission is only looked at here; the batch takes its own in execute().
        if (!breaker.tryAcquirePermission()) {
            pending.emitter().fail(new StorageUnavailableException("circuit open", null));
            return;
        }
        breaker.releasePermission();
        int n = pending.rows().size();
        synchronized (queue) {
            if (depth.get() + n > config.queueCapacity()) {
                pending.emitter().fail(new StorageUnavailableException("queue full", null));
                return;
            }
            queue.add(pending);
            depth.addAndGet(n);
        }
        // Group commit without a timer (flush-interval zero): an idle writer sends at once; while an INSERT is
        // running, what arrives waits for its commit and then goes out as one statement (done() flushes). So a
        // quiet pod adds no wait, and a busy one sends at most one partial batch per commit. Full batches may
        // use the other max-in-flight slots.
        boolean linger = !config.flushInterval().isZero();
        if (depth.get() >= config.batchSize() || (!linger && inFlight.get() == 0)) {
            flush();
        } else if (linger && timerArmed.compareAndSet(false, true)) {
            vertx.setTimer(Math.max(1, config.flushInterval().toMillis()), id -> {
                timerArmed.set(false);
                flush();
            });
        }
    }

    /** Starts as many batches as allowed in flight. */
    void flush() {
        while (true) {
            List<Pending> batch;
            synchronized (queue) {
                if (queue.isEmpty() || inFlight.get() >= config.maxInFlight()) {
                    return;
                }
                inFlight.incrementAndGet();
                batch = new ArrayList<>();
                int events = 0;
                while (!queue.isEmpty() && (events == 0 || events + queue.peek().rows().size() <= config.batchSize())) {
                    Pending p = queue.poll();
                    batch.add(p);
                    events += p.rows().size();
                }
                depth.addAndGet(-events);
            }
            execute(batch);
        }
    }

    private void execute(List<Pending> batch) {
        List<EventRow> rows = new ArrayList<>();
        for (Pending p : batch) {
            rows.addAll(p.rows());
        }
        if (!breaker.tryAcquirePermission()) {
            StorageUnavailableException open = new StorageUnavailableException("circuit open", null);
            for (Pending p : batch) {
                p.emitter().fail(open);
            }
            done();
            return;
        }
        long start = System.nanoTime();
        // The time-out frees this batch's slot and counts as a failure; the statement may still commit later, which
        // is harmless: its requests were answered 503, the clients retry with the same event ids, duplicates are ignored.
        pool.preparedQuery(INSERT).execute(toArrays(rows)).ifNoItem().after(config.commitTimeout()).fail().subscribe().with(result -> {
            long nanos = System.nanoTime() - start;
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            commitLatency.record(nanos, TimeUnit.NANOSECONDS);
            batchSize.record(rows.size());
            lastBatchFailed = false;
            // RETURNING names the rows actually inserted; the others of each request were duplicates.
            java.util.Set<UUID> inserted = new java.util.HashSet<>();
            for (io.vertx.mutiny.sqlclient.Row row : result) {
                inserted.add(row.getUUID(0));
            }
            for (Pending p : batch) {
                int mine = 0;
                for (EventRow r : p.rows()) {
                    if (inserted.remove(r.eventId())) {
                        mine++;
                    }
                }
                p.emitter().complete(mine);
            }
            done();
        }, failure -> {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
            lastBatchFailed = true;
            // The SQL error text names no values (parameters are bound), but keep the log to the class and state.
            LOG.warnf("batch of %d events not stored: %s %s", rows.size(), failure.getClass().getSimpleName(),
                    sqlState(failure));
            StorageUnavailableException unavailable = new StorageUnavailableException("database unavailable", failure);
            for (Pending p : batch) {
                p.emitter().fail(unavailable);
            }
            done();
        });
    }

    private void done() {
        inFlight.decrementAndGet();
        if (depth.get() > 0) {
            flush();
        }
    }

    private static String sqlState(Throwable failure) {
        if (failure instanceof io.vertx.pgclient.PgException pg) {
            return "SQLSTATE " + pg.getSqlState();
        }
        return "";
    }

    static Tuple toArrays(List<EventRow> rows) {
        int n = rows.size();
        UUID[] ids = new UUID[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        String[] types = new String[n];
        UUID[] anon = new UUID[n];
        UUID[] sessions = new UUID[n];
        Integer[] sessionCounts = new Integer[n];
        String[] subs = new String[n];
        Long[] customers = new Long[n];
        String[] surfaces = new String[n];
        String[] pages = new String[n];
        Integer[] durations = new Integer[n];
        Integer[] visibles = new Integer[n];
        String[] labels = new String[n];
        String[] elements = new String[n];
        String[] hrefs = new String[n];
        String[] errors = new String[n];
        String[] cities = new String[n];
        String[] regions = new String[n];
        String[] countries = new String[n];
        String[] browsers = new String[n];
        String[] oses = new String[n];
        String[] devices = new String[n];
        String[] properties = new String[n];
        OffsetDateTime[] clampedFrom = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            EventRow r = rows.get(i);
            ids[i] = r.eventId();
            occurred[i] = r.occurredAt();
            received[i] = r.receivedAt();
            types[i] = r.type();
            anon[i] = r.anonId();
            sessions[i] = r.sessionId();
            sessionCounts[i] = r.sessionCount();
            subs[i] = r.userSub();
            customers[i] = r.customerId();
            surfaces[i] = r.surface();
            pages[i] = r.pagePath();
            durations[i] = r.durationMs();
            visibles[i] = r.visibleMs();
            labels[i] = r.label();
            elements[i] = r.element();
            hrefs[i] = r.hrefPath();
            errors[i] = r.errorCode();
            cities[i] = r.geoCity();
            regions[i] = r.geoRegion();
            countries[i] = r.geoCountry();
            browsers[i] = r.browser();
            oses[i] = r.os();
            devices[i] = r.deviceType();
            properties[i] = r.propertiesJson();
            clampedFrom[i] = r.clampedFrom();
        }
        return Tuple.from(List.of(ids, occurred, received, types, anon, sessions, sessionCounts, subs, customers,
                surfaces, pages, durations, visibles, labels, elements, hrefs, errors, cities, regions, countries,
                browsers, oses, devices, properties, clampedFrom));
    }

    /** Ready: accepting and room in the queue. (The database has its own readiness check.) */
    public boolean healthy() {
        return accepting && depth.get() < config.queueCapacity();
    }

    /** Whether the most recent batch failed (reported by the health check, not used to refuse). */
    public boolean lastBatchFailed() {
        return lastBatchFailed;
    }

    /** The storage circuit breaker's state: CLOSED, OPEN or HALF_OPEN. */
    public String breakerState() {
        return breaker.getState().name();
    }

    public boolean accepting() {
        return accepting;
    }

    public int depth() {
        return depth.get();
    }

    /** Shutdown: refuse new requests, then write everything queued; waits up to the drain timeout. */
    public boolean drain() {
        accepting = false;
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (depth.get() == 0 && inFlight.get() == 0) {
                return true;
            }
            flush();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return depth.get() == 0 && inFlight.get() == 0;
    }
}
