package com.paubox.tracking.dashboard.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.apache.datasketches.hll.HllSketch;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.paubox.tracking.dashboard.rollup.Fold;
import com.paubox.tracking.dashboard.rollup.Fold.Cell;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.Items;
import com.paubox.tracking.dashboard.rollup.RollupLag;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Maintains the rollup cubes (V31/V32). They hold exactly the events received before the watermark
 * ({@code analytics_rollup_watermark.received_until}); each run folds the next window of events by
 * {@code received_at} — at most {@code analytics.rollup.batch} events, never newer than now − {@code analytics.rollup.lag}
 * (an ingest batch still in flight must not be skipped) — into them and moves the watermark, in one short transaction
 * under an advisory lock. Late events need no special case: they are new by received_at. The folding and the
 * sketch merges run on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class RollupRepository {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RollupRepository.class);

    /** Advisory lock of the rollup job and of erasure ("pbtrack" rollup). */
    public static final long LOCK_KEY = 0x7062_7472_6163_6b02L;

    /** The cubes, keyed by (grain, bucket, …); retention deletes by bucket. */
    static final String[] CUBES = { "analytics_rollup_totals", "analytics_rollup_paths", "analytics_rollup_sections", "analytics_rollup_labels",
            "analytics_rollup_label_paths", "analytics_rollup_label_sections", "analytics_rollup_customer_sections", "analytics_rollup_outcomes" };
    static final String USER_SESSIONS = "analytics_rollup_user_sessions";

    /** One stored event as {@link Fold.Event} reads it; the distinct values travel as 64-bit hashes. */
    static final String EVENT_COLUMNS = "occurred_at, type, surface, coalesce(customer_id, 0) AS customer_id, page_path,"
            + " coalesce(label, '') AS label, coalesce(element, '') AS element, user_sub, session_id, hashtextextended(user_sub, 0) AS uh,"
            + " uuid_hash_extended(anon_id, 0) AS ah, uuid_hash_extended(session_id, 0) AS sh, visible_ms, duration_ms,"
            + " coalesce(error_code, '') AS error_code, coalesce(geo_country, '') AS geo_country, coalesce(geo_region, '') AS geo_region,"
            + " coalesce(geo_city, '') AS geo_city, coalesce(browser, '') AS browser, coalesce(os, '') AS os,"
            + " coalesce(device_type, '') AS device_type";

    /** Outcome of one run; {@code ran} is false when another replica (or an erasure) held the lock. */
    public record Refresh(boolean ran, OffsetDateTime watermark, long events, boolean more) {
    }

    private final Pool pool;
    private final Duration lag;
    private final int batch;
    private final RollupLag lagGauge;

    public RollupRepository(Pool pool, @ConfigProperty(name = "analytics.rollup.lag") Duration lag,
            @ConfigProperty(name = "analytics.rollup.batch") int batch, RollupLag lagGauge) {
        this.pool = pool;
        this.lag = lag;
        this.batch = batch;
        this.lagGauge = lagGauge;
    }

    /** Every event received before this is in the rollups; null before the first run (queries read raw events). */
    public Uni<OffsetDateTime> watermark() {
        return pool.query("SELECT received_until FROM analytics_rollup_watermark").execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime("received_until"));
    }

    /**
     * One window: folds the events received in [watermark, min(cap, now − lag)) — at most {@code batch} of them (all
     * events sharing one received_at at least) — and moves the watermark. {@code cap} null: now − lag.
     */
    public Uni<Refresh> refresh(OffsetDateTime cap) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(LOCK_KEY))
                .flatMap(rows -> rows.iterator().next().getBoolean("locked") ? window(conn, cap)
                        : Uni.createFrom().item(new Refresh(false, null, 0, false))))
                .call(r -> r.ran() ? updateLag() : Uni.createFrom().voidItem());
    }

    /** Windows one after the other until caught up with {@code cap} or {@code budget} is spent. */
    public Uni<Refresh> catchUp(OffsetDateTime cap, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        return refresh(cap).flatMap(r -> r.ran() && r.more() && System.nanoTime() < deadline
                ? catchUp(cap, Duration.ofNanos(deadline - System.nanoTime())).map(n -> new Refresh(true, n.watermark(), r.events() + n.events(), n.more()))
                : Uni.createFrom().item(r));
    }

    /** Test and operations helper: empties every rollup; queries read raw events until the next run. */
    public Uni<Void> reset() {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
                .flatMap(x -> conn.query("TRUNCATE analytics_rollup_watermark, " + USER_SESSIONS + ", " + String.join(", ", CUBES)).execute()))
                .replaceWithVoid().call(this::updateLag);
    }

    /** How far the rollups trail the newest stored event, for /q/metrics. */
    Uni<Void> updateLag() {
        return pool.query("SELECT extract(epoch FROM greatest(interval '0', max(e.received_at)"
                + " - coalesce((SELECT received_until FROM analytics_rollup_watermark), min(e.received_at))))::float8 AS s"
                + " FROM analytics_events e").execute()
                .invoke(rows -> {
                    Double s = rows.iterator().next().getDouble("s");
                    lagGauge.set(s == null ? 0 : s);
                }).replaceWithVoid();
    }

    private Uni<Refresh> window(SqlConnection conn, OffsetDateTime cap) {
        return conn.query("SELECT now() AS now, (SELECT received_until FROM analytics_rollup_watermark) AS w,"
                + " (SELECT min(received_at) FROM analytics_events) AS first").execute().flatMap(rows -> {
                    Row r = rows.iterator().next();
                    OffsetDateTime now = r.getOffsetDateTime("now");
                    OffsetDateTime w = r.getOffsetDateTime("w");
                    OffsetDateTime first = r.getOffsetDateTime("first");
                    OffsetDateTime to = cap == null ? now.minus(lag) : min(cap, now);
                    OffsetDateTime from = w != null ? w : first == null ? to : min(first, to);
                    if (!from.isBefore(to)) {
                        return save(conn, w == null, w == null ? from : w).map(x -> new Refresh(true, w == null ? from : w, 0, false));
                    }
                    long t0 = System.nanoTime();
                    long[] t = new long[3];
                    return end(conn, from, to).flatMap(end -> conn.preparedQuery("SELECT " + EVENT_COLUMNS
                            + " FROM analytics_events WHERE received_at >= $1 AND received_at < $2").execute(Tuple.of(from, end[0]))
                            .emitOn(Infrastructure.getDefaultWorkerPool())
                            .invoke(x -> t[0] = System.nanoTime())
                            .map(RollupRepository::fold)
                            .invoke(x -> t[1] = System.nanoTime())
                            .flatMap(fold -> apply(conn, fold, true).map(x -> (long) fold.size))
                            .invoke(x -> t[2] = System.nanoTime())
                            .flatMap(n -> save(conn, w == null, end[0]).map(x -> new Refresh(true, end[0], n, end[1] != null)))
                            .invoke(x -> LOG.debugf("rollup window: %d events, read %d ms, fold %d ms, merge %d ms", x.events(),
                                    (t[0] - t0) / 1_000_000, (t[1] - t[0]) / 1_000_000, (t[2] - t[1]) / 1_000_000)));
                });
    }

    /** The window's end: after {@code batch} events, or {@code to}; [1] non-null when more events wait. */
    private Uni<OffsetDateTime[]> end(SqlConnection conn, OffsetDateTime from, OffsetDateTime to) {
        return conn.preparedQuery("SELECT received_at FROM analytics_events WHERE received_at >= $1 AND received_at < $2"
                + " ORDER BY received_at OFFSET $3 LIMIT 1").execute(Tuple.of(from, to, batch)).flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(new OffsetDateTime[] { to, null });
                    }
                    OffsetDateTime at = rows.iterator().next().getOffsetDateTime("received_at");
                    if (at.isAfter(from)) {
                        return Uni.createFrom().item(new OffsetDateTime[] { at, at });
                    }
                    // more than a batch received at the very same instant: take them all
                    return conn.preparedQuery("SELECT min(received_at) AS t FROM analytics_events WHERE received_at > $1 AND received_at < $2")
                            .execute(Tuple.of(from, to)).map(m -> {
                                OffsetDateTime next = m.iterator().next().getOffsetDateTime("t");
                                return next == null ? new OffsetDateTime[] { to, null } : new OffsetDateTime[] { next, next };
                            });
                });
    }

    private static Uni<Void> save(SqlConnection conn, boolean insert, OffsetDateTime watermark) {
        String sql = insert ? "INSERT INTO analytics_rollup_watermark (id, received_until) VALUES (1, $1)"
                : "UPDATE analytics_rollup_watermark SET received_until = $1 WHERE id = 1";
        return conn.preparedQuery(sql).execute(Tuple.of(watermark)).replaceWithVoid();
    }

    /** A fold with the number of events it holds. */
    static final class Counted extends Fold {
        long size;
    }

    static Counted fold(RowSet<Row> rows) {
        Counted fold = new Counted();
        fold(rows, fold);
        return fold;
    }

    static void fold(RowSet<Row> rows, Counted fold) {
        for (Row r : rows) {
            fold.add(new Fold.Event(r.getOffsetDateTime("occurred_at"), r.getString("type"), r.getString("surface"), r.getLong("customer_id"),
                    r.getString("page_path"), r.getString("label"), r.getString("element"), r.getString("user_sub"), r.getUUID("session_id"), r.getLong("uh"),
                    r.getLong("ah"), r.getLong("sh"), r.getInteger("visible_ms"), r.getInteger("duration_ms"), r.getString("error_code"),
                    r.getString("geo_country"), r.getString("geo_region"), r.getString("geo_city"), r.getString("browser"), r.getString("os"),
                    r.getString("device_type")));
            fold.size++;
        }
    }

    /**
     * Erasure's rebuild: every cube row of the given UTC days is recomputed from the events of those days that the
     * watermark covers (a sketch cannot forget a value, so it is rebuilt from what remains). Hour by hour, to bound memory.
     */
    static Uni<Void> rebuildDays(SqlConnection conn, List<OffsetDateTime> days, OffsetDateTime watermark) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (OffsetDateTime day : days) {
            Tuple range = Tuple.of(day, day.plusDays(1));
            for (String cube : CUBES) {
                chain = chain.flatMap(x -> conn.preparedQuery("DELETE FROM " + cube + " WHERE bucket >= $1 AND bucket < $2").execute(range)
                        .replaceWithVoid());
            }
            Counted fold = new Counted();
            for (int h = 0; h < 24; h++) {
                Tuple hour = Tuple.of(day.plusHours(h), day.plusHours(h + 1), watermark);
                chain = chain.flatMap(x -> conn.preparedQuery("SELECT " + EVENT_COLUMNS + " FROM analytics_events"
                        + " WHERE occurred_at >= $1 AND occurred_at < $2 AND received_at < $3").execute(hour)
                        .emitOn(Infrastructure.getDefaultWorkerPool()).invoke(rows -> fold(rows, fold)).replaceWithVoid());
            }
            chain = chain.flatMap(x -> apply(conn, fold, false));
        }
        return chain;
    }

    /** Merges the fold's cells into the stored rows (read, merge in Java, upsert), cube by cube. */
    static Uni<Void> apply(SqlConnection conn, Fold fold, boolean userSessions) {
        Uni<Void> chain = merge(conn, TOTALS, fold.totals)
                .flatMap(x -> merge(conn, PATHS, fold.paths))
                .flatMap(x -> merge(conn, SECTIONS, fold.sections))
                .flatMap(x -> merge(conn, LABELS, fold.labels))
                .flatMap(x -> merge(conn, LABEL_PATHS, fold.labelPaths))
                .flatMap(x -> merge(conn, LABEL_SECTIONS, fold.labelSections))
                .flatMap(x -> merge(conn, CUSTOMER_SECTIONS, fold.customerSections))
                .flatMap(x -> merge(conn, OUTCOMES, fold.outcomes));
        if (userSessions && !fold.userSessions.isEmpty()) {
            int n = fold.userSessions.size();
            OffsetDateTime[] hour = new OffsetDateTime[n];
            String[] surface = new String[n];
            Long[] customer = new Long[n];
            String[] user = new String[n];
            java.util.UUID[] session = new java.util.UUID[n];
            Integer[] sample = new Integer[n];
            String[] sections = new String[n];
            int i = 0;
            for (Map.Entry<Fold.UserSession, java.util.Set<String>> e : fold.userSessions.entrySet()) {
                Fold.UserSession s = e.getKey();
                hour[i] = s.hour();
                surface[i] = s.surface();
                customer[i] = s.customerId();
                user[i] = s.userSub();
                sample[i] = s.sample();
                sections[i] = arrayLiteral(e.getValue());
                session[i++] = s.sessionId();
            }
            // a session seen again in the same hour (a later window) gains the sections it had not visited yet
            chain = chain.flatMap(x -> conn.preparedQuery("INSERT INTO " + USER_SESSIONS + " AS t (hour, surface, customer_id, user_sub, session_id,"
                    + " user_sample, sections) SELECT h, s, c, u, i, n, a::text[] FROM unnest($1::timestamptz[], $2::text[], $3::bigint[], $4::text[],"
                    + " $5::uuid[], $6::int[], $7::text[]) AS k(h, s, c, u, i, n, a)"
                    + " ON CONFLICT (hour, surface, customer_id, user_sub, session_id) DO UPDATE"
                    + " SET sections = ARRAY(SELECT DISTINCT unnest(t.sections || excluded.sections) ORDER BY 1)"
                    + " WHERE NOT t.sections @> excluded.sections")
                    .execute(Tuple.from(List.<Object>of(hour, surface, customer, user, session, sample, sections))).replaceWithVoid());
        }
        return chain;
    }

    /** How one cube's rows map to cells: key columns (with their SQL types) and value columns. */
    record Cube<K>(String table, String[] keyCols, String[] keyTypes, Function<K, Object[]> key, String[] valueCols,
            String[] valueTypes, Function<Cell, Object[]> values, BiConsumer<Cell, Row> addStored) {
    }

    static final String[] COUNTER_COLS = { "page_views", "clicks", "login_successes", "login_failures", "visible_sum", "visible_n",
            "duration_sum", "duration_n", "last_seen" };

    static Object[] counters(Cell c, HllSketch... sketches) {
        Object[] out = new Object[9 + sketches.length];
        Object[] base = { c.pageViews, c.clicks, c.loginSuccesses, c.loginFailures, c.visibleSum, c.visibleN, c.durationSum, c.durationN,
                c.lastSeen };
        System.arraycopy(base, 0, out, 0, 9);
        for (int i = 0; i < sketches.length; i++) {
            byte[] b = Hll.bytes(sketches[i]);
            out[9 + i] = b == null ? null : Buffer.buffer(b);
        }
        return out;
    }

    static void addCounters(Cell c, Row r) {
        c.pageViews += r.getLong("page_views");
        c.clicks += r.getLong("clicks");
        c.loginSuccesses += r.getLong("login_successes");
        c.loginFailures += r.getLong("login_failures");
        c.visibleSum += r.getLong("visible_sum");
        c.visibleN += r.getLong("visible_n");
        c.durationSum += r.getLong("duration_sum");
        c.durationN += r.getLong("duration_n");
        c.seen(r.getOffsetDateTime("last_seen"));
        c.users = union(c.users, r, "users");
        c.visitors = union(c.visitors, r, "visitors");
        c.sessions = union(c.sessions, r, "sessions");
    }

    static HllSketch union(HllSketch cell, Row r, String column) {
        byte[] stored = bytes(r, column);
        if (stored == null) {
            return cell;
        }
        Hll.Merge m = new Hll.Merge();
        m.add(cell);
        m.add(stored);
        return m.result();
    }

    static byte[] bytes(Row r, String column) {
        io.vertx.mutiny.core.buffer.Buffer b = r.getBuffer(column);
        return b == null ? null : b.getBytes();
    }

    static final String[] TIME_KEY_TYPES = { "char(1)", "timestamptz", "text" };

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static final String[] COUNTER_TYPES = { "bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "timestamptz" };

    static final Cube<Fold.TotalsKey> TOTALS = new Cube<>("analytics_rollup_totals",
            new String[] { "grain", "bucket", "surface", "customer_id" }, concat(TIME_KEY_TYPES, "bigint"),
            k -> new Object[] { k.grain(), k.bucket(), k.surface(), k.customerId() },
            concat(COUNTER_COLS, "users", "visitors", "sessions"), concat(COUNTER_TYPES, "bytea", "bytea", "bytea"),
            c -> counters(c, c.users, c.visitors, c.sessions), RollupRepository::addCounters);

    static final Cube<Fold.PathKey> PATHS = new Cube<>("analytics_rollup_paths",
            new String[] { "grain", "bucket", "surface", "page_path" }, concat(TIME_KEY_TYPES, "text"),
            k -> new Object[] { k.grain(), k.bucket(), k.surface(), k.pagePath() },
            concat(COUNTER_COLS, "users", "visitors", "sessions", "viewers"), concat(COUNTER_TYPES, "bytea", "bytea", "bytea", "bytea"),
            c -> counters(c, c.users, c.visitors, c.sessions, c.viewers), (c, r) -> {
                addCounters(c, r);
                c.viewers = union(c.viewers, r, "viewers");
            });

    static final Cube<Fold.SectionKey> SECTIONS = new Cube<>("analytics_rollup_sections",
            new String[] { "grain", "bucket", "surface", "section" }, concat(TIME_KEY_TYPES, "text"),
            k -> new Object[] { k.grain(), k.bucket(), k.surface(), k.section() },
            TOTALS.valueCols(), TOTALS.valueTypes(), TOTALS.values(), TOTALS.addStored());

    /** A text[] literal of the values, sorted: each quoted, its double quotes and backslashes escaped. */
    static String arrayLiteral(java.util.Collection<String> values) {
        StringBuilder b = new StringBuilder("{");
        for (String v : new java.util.TreeSet<>(values)) {
            b.append(b.length() == 1 ? "\"" : ",\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append('}').toString();
    }

    static final Cube<Fold.LabelKey> LABELS = new Cube<>("analytics_rollup_labels",
            new String[] { "grain", "bucket", "surface", "label" }, concat(TIME_KEY_TYPES, "text"),
            k -> new Object[] { k.grain(), k.bucket(), k.surface(), k.label() },
            new String[] { "clicks", "users", "pages", "elements" }, new String[] { "bigint", "bytea", "bytea", "bytea" },
            c -> new Object[] { c.clicks, buffer(Hll.bytes(c.users)), buffer(Items.bytes(c.pages)), buffer(Items.bytes(c.elements)) },
            (c, r) -> {
                c.clicks += r.getLong("clicks");
                c.users = union(c.users, r, "users");
                c.pages = items(c.pages, r, "pages", Items.PAGES);
                c.elements = items(c.elements, r, "elements", Items.ELEMENTS);
            });

    static final Cube<Fold.LabelSectionKey> LABEL_SECTIONS = new Cube<>("analytics_rollup_label_sections",
            new String[] { "grain", "bucket", "surface", "label", "section" }, concat(TIME_KEY_TYPES, "text", "text"),
            k -> new Object[] { k.grain(), k.bucket(), k.surface(), k.label(), k.section() },
            LABELS.valueCols(), LABELS.valueTypes(), LABELS.values(), LABELS.addStored());

    static final Cube<Fold.LabelPathKey> LABEL_PATHS = new Cube<>("analytics_rollup_label_paths",
            new String[] { "grain", "bucket", "surface", "label", "page_path", "element" }, concat(TIME_KEY_TYPES, "text", "text", "text"),
            k -> new Object[] { k.grain(), k.bucket(), k.surface(), k.label(), k.pagePath(), k.element() },
            new String[] { "clicks", "users" }, new String[] { "bigint", "bytea" }, c -> new Object[] { c.clicks, buffer(Hll.bytes(c.users)) },
            (c, r) -> {
                c.clicks += r.getLong("clicks");
                c.users = union(c.users, r, "users");
            });

    static final Cube<Fold.CustomerSectionKey> CUSTOMER_SECTIONS = new Cube<>("analytics_rollup_customer_sections",
            new String[] { "grain", "bucket", "surface", "section", "customer_id" }, concat(TIME_KEY_TYPES, "text", "bigint"),
            k -> new Object[] { k.grain(), k.bucket(), k.surface(), k.section(), k.customerId() },
            new String[] { "page_views", "events", "last_seen", "users", "sessions" }, new String[] { "bigint", "bigint", "timestamptz", "bytea", "bytea" },
            c -> new Object[] { c.pageViews, c.events, c.lastSeen, buffer(Hll.bytes(c.users)), buffer(Hll.bytes(c.sessions)) }, (c, r) -> {
                c.pageViews += r.getLong("page_views");
                c.events += r.getLong("events");
                c.seen(r.getOffsetDateTime("last_seen"));
                c.users = union(c.users, r, "users");
                c.sessions = union(c.sessions, r, "sessions");
            });

    static Buffer buffer(byte[] b) {
        return b == null ? null : Buffer.buffer(b);
    }

    static org.apache.datasketches.frequencies.ItemsSketch<String> items(org.apache.datasketches.frequencies.ItemsSketch<String> cell, Row r,
            String column, int mapSize) {
        byte[] stored = bytes(r, column);
        if (stored == null) {
            return cell;
        }
        Items.Merge m = new Items.Merge(mapSize);
        m.add(cell);
        m.add(stored);
        return m.result();
    }

    static final Cube<Fold.OutcomeKey> OUTCOMES = new Cube<>("analytics_rollup_outcomes",
            new String[] { "grain", "bucket", "surface", "page_path", "error_code", "geo_country", "geo_region", "geo_city", "browser", "os",
                "device_type" },
            concat(TIME_KEY_TYPES, "text", "text", "text", "text", "text", "text", "text", "text"),
            k -> new Object[] { k.grain(), k.bucket(), k.surface(), k.pagePath(), k.errorCode(), k.geoCountry(), k.geoRegion(), k.geoCity(),
                k.browser(), k.os(), k.deviceType() },
            new String[] { "successes", "failures" }, new String[] { "bigint", "bigint" },
            c -> new Object[] { c.loginSuccesses, c.loginFailures }, (c, r) -> {
                c.loginSuccesses += r.getLong("successes");
                c.loginFailures += r.getLong("failures");
            });

    /** Reads the stored rows of the cells' keys, adds them to the cells (on a worker thread), then upserts every cell. */
    static <K> Uni<Void> merge(SqlConnection conn, Cube<K> cube, Map<K, Cell> cells) {
        if (cells.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long t0 = System.nanoTime();
        long[] t = new long[1];
        List<K> keys = new ArrayList<>(cells.keySet());
        return load(conn, cube, keys).emitOn(Infrastructure.getDefaultWorkerPool()).flatMap(stored -> {
            t[0] = System.nanoTime();
            for (Row r : stored) {
                Object[] k = new Object[cube.keyCols().length];
                for (int c = 0; c < k.length; c++) {
                    Object v = r.getValue(cube.keyCols()[c]);
                    k[c] = v instanceof OffsetDateTime odt ? odt.withOffsetSameInstant(ZoneOffset.UTC) : v;
                }
                Cell cell = cells.get(keyOf(cube, k, keys));
                if (cell != null) {
                    cube.addStored().accept(cell, r);
                }
            }
            int width = cube.keyCols().length + cube.valueCols().length;
            String[] types = concat(cube.keyTypes(), cube.valueTypes());
            Object[][] all = columns(keys.size(), width, i -> {
                Object[] k = cube.key().apply(keys.get(i));
                Object[] v = cube.values().apply(cells.get(keys.get(i)));
                Object[] row = java.util.Arrays.copyOf(k, width);
                System.arraycopy(v, 0, row, k.length, v.length);
                return row;
            }, types);
            StringBuilder params = new StringBuilder();
            StringBuilder set = new StringBuilder();
            for (int c = 0; c < width; c++) {
                params.append(c == 0 ? "" : ", ").append('$').append(c + 1).append("::").append(types[c]).append("[]");
            }
            for (int c = 0; c < cube.valueCols().length; c++) {
                set.append(c == 0 ? "" : ", ").append(cube.valueCols()[c]).append(" = excluded.").append(cube.valueCols()[c]);
            }
            String keyList = String.join(", ", cube.keyCols());
            String upsert = "INSERT INTO " + cube.table() + " (" + keyList + ", " + String.join(", ", cube.valueCols()) + ") SELECT * FROM unnest("
                    + params + ") ON CONFLICT (" + keyList + ") DO UPDATE SET " + set;
            long t1 = System.nanoTime();
            return conn.preparedQuery(upsert).execute(Tuple.from(java.util.Arrays.asList((Object[]) all))).replaceWithVoid()
                    .invoke(x -> LOG.debugf("rollup merge %s: %d cells, %d stored; load %d ms, merge %d ms, upsert %d ms", cube.table(), cells.size(),
                            stored.size(), (t[0] - t0) / 1_000_000, (t1 - t[0]) / 1_000_000, (System.nanoTime() - t1) / 1_000_000));
        });
    }

    /** The stored rows of the given cells' keys. */
    private static <K> Uni<List<Row>> load(SqlConnection conn, Cube<K> cube, List<K> keys) {
        Object[][] keyArrays = columns(keys.size(), cube.keyCols().length, i -> cube.key().apply(keys.get(i)), cube.keyTypes());
        StringBuilder unnest = new StringBuilder();
        StringBuilder on = new StringBuilder();
        for (int c = 0; c < cube.keyCols().length; c++) {
            unnest.append(c == 0 ? "" : ", ").append('$').append(c + 1).append("::").append(cube.keyTypes()[c]).append("[]");
            on.append(c == 0 ? "" : " AND ").append("t.").append(cube.keyCols()[c]).append(" = k.").append(cube.keyCols()[c]);
        }
        String keyList = String.join(", ", cube.keyCols());
        // one index probe per key: joined plainly, the planner hashes the whole cube once it knows how many keys there
        // are — a window's load then grows with the table instead of with the window. The key is unique; LIMIT 1 only
        // keeps the planner from flattening the lateral subquery back into that join.
        return conn.preparedQuery("SELECT t.* FROM unnest(" + unnest + ") AS k(" + keyList + ") CROSS JOIN LATERAL (SELECT * FROM " + cube.table()
                + " t WHERE " + on + " LIMIT 1) t")
                .execute(Tuple.from(java.util.Arrays.asList((Object[]) keyArrays))).map(rows -> {
                    List<Row> out = new ArrayList<>(rows.size());
                    rows.forEach(out::add);
                    return out;
                });
    }

    /** The fold's key equal to a stored row's key values (records compare by value). */
    @SuppressWarnings("unchecked")
    private static <K> K keyOf(Cube<K> cube, Object[] k, List<K> sample) {
        Object any = sample.get(0);
        String grain = ((String) k[0]).trim();
        OffsetDateTime bucket = (OffsetDateTime) k[1];
        if (any instanceof Fold.TotalsKey) {
            return (K) new Fold.TotalsKey(grain, bucket, (String) k[2], (Long) k[3]);
        }
        if (any instanceof Fold.PathKey) {
            return (K) new Fold.PathKey(grain, bucket, (String) k[2], (String) k[3]);
        }
        if (any instanceof Fold.SectionKey) {
            return (K) new Fold.SectionKey(grain, bucket, (String) k[2], (String) k[3]);
        }
        if (any instanceof Fold.LabelKey) {
            return (K) new Fold.LabelKey(grain, bucket, (String) k[2], (String) k[3]);
        }
        if (any instanceof Fold.LabelSectionKey) {
            return (K) new Fold.LabelSectionKey(grain, bucket, (String) k[2], (String) k[3], (String) k[4]);
        }
        if (any instanceof Fold.CustomerSectionKey) {
            return (K) new Fold.CustomerSectionKey(grain, bucket, (String) k[2], (String) k[3], (Long) k[4]);
        }
        if (any instanceof Fold.LabelPathKey) {
            return (K) new Fold.LabelPathKey(grain, bucket, (String) k[2], (String) k[3], (String) k[4], (String) k[5]);
        }
        return (K) new Fold.OutcomeKey(grain, bucket, (String) k[2], (String) k[3], (String) k[4], (String) k[5], (String) k[6],
                (String) k[7], (String) k[8], (String) k[9], (String) k[10]);
    }

    /** Column arrays (one typed Java array per column) for unnest parameters. */
    static Object[][] columns(int n, int width, java.util.function.IntFunction<Object[]> row, String[] types) {
        Object[][] cols = new Object[width][];
        for (int c = 0; c < width; c++) {
            cols[c] = switch (types[c]) {
                case "bigint" -> new Long[n];
                case "timestamptz" -> new OffsetDateTime[n];
                case "bytea" -> new Buffer[n];
                default -> new String[n];
            };
        }
        for (int i = 0; i < n; i++) {
            Object[] r = row.apply(i);
            for (int c = 0; c < width; c++) {
                cols[c][i] = r[c];
            }
        }
        return cols;
    }

    static OffsetDateTime floorHour(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
    }

    static OffsetDateTime floorDay(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
    }

    static OffsetDateTime min(OffsetDateTime a, OffsetDateTime b) {
        return a.isBefore(b) ? a : b;
    }
}
