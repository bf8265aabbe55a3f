package com.paubox.tracking.dashboard.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.apache.datasketches.hll.HllSketch;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.paubox.tracking.dashboard.rollup.Fold;
import com.paubox.tracking.dashboard.rollup.Fold.Cell;
import com.paubox.tracking.dashboard.rollup.Fold.Cell.Sketch;
import com.paubox.tracking.dashboard.rollup.Grain;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.Items;
import com.paubox.tracking.dashboard.rollup.RollupLag;
import com.paubox.tracking.dashboard.rollup.RollupTable;
import com.paubox.tracking.dashboard.rollup.Watermark;

import io.smallrye.mutiny.Multi;
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
 * Maintains the rollup cubes (V31/V32). They hold exactly the events before the watermark ({@link Watermark}: a position
 * in (xact_id, occurred_at) order, V42); each run folds the next window — at most {@code analytics.rollup.batch} events,
 * never past the oldest transaction still running, so a row committed late is folded by a later window, never
 * skipped — into them and moves the watermark, in one short transaction under an advisory lock. No clock decides what
 * is folded. The folding and the sketch merges run on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class RollupRepository {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RollupRepository.class);

    /**
     * Advisory lock of the rollup job and of erasure ("pbtrack" rollup). Not 6b02: the audit chain's trigger (V35) holds
     * that one for every audited call, so sharing it made every API call wait for a rollup window, and windows skip.
     */
    public static final long LOCK_KEY = 0x7062_7472_6163_6b04L;

    /** The cubes, keyed by (grain, bucket, …); retention deletes by bucket. */
    static final String[] CUBES = RollupTable.cubeNames();
    static final String USER_SESSIONS = RollupTable.USER_SESSIONS.tableName();

    /**
     * Every event type, named: with it a time range is an index condition of (type, occurred_at), the only index on the
     * events with the time alone.
     */
    public static final String ALL_TYPES = "type IN ('page_view', 'time_on_page', 'click', 'login_success', 'login_failure')";

    /** One stored event as {@link Fold.Event} reads it; the distinct values travel as 64-bit hashes. */
    static final String EVENT_COLUMNS = "occurred_at, type, surface, coalesce(customer_id, 0) AS customer_id, page_path,"
            + " coalesce(label, '') AS label, coalesce(element, '') AS element, user_sub, session_id, hashtextextended(user_sub, 0) AS uh,"
            + " uuid_hash_extended(anon_id, 0) AS ah, uuid_hash_extended(session_id, 0) AS sh, visible_ms, duration_ms,"
            + " coalesce(error_code, '') AS error_code, coalesce(geo_country, '') AS geo_country, coalesce(geo_region, '') AS geo_region,"
            + " coalesce(geo_city, '') AS geo_city, coalesce(browser, '') AS browser, coalesce(os, '') AS os,"
            + " coalesce(device_type, '') AS device_type";

    /** Outcome of one run; {@code ran} is false when another replica (or an erasure) held the lock. */
    public record Refresh(boolean ran, Watermark watermark, long events, boolean more) {
    }

    private final Pool pool;
    private final int batch;
    private final RollupLag lagGauge;

    public RollupRepository(Pool pool, @ConfigProperty(name = "analytics.rollup.batch") int batch, RollupLag lagGauge) {
        this.pool = pool;
        this.batch = batch;
        this.lagGauge = lagGauge;
    }

    /** What the rollups hold, as {@code db} sees it; null before the first run (queries read raw events). */
    public static Uni<Watermark> watermark(SqlClient db) {
        return db.query("SELECT folded_xact, folded_occurred FROM analytics_rollup_watermark").execute()
                .map(rows -> rows.size() == 0 ? null : watermark(rows.iterator().next()));
    }

    /** The same, in a statement of its own. */
    public Uni<Watermark> watermark() {
        return watermark(pool);
    }

    private static Watermark watermark(Row r) {
        return r.getLong("folded_xact") == null ? null : new Watermark(r.getLong("folded_xact"), r.getOffsetDateTime("folded_occurred"));
    }

    /**
     * One window: folds the events in [watermark, min(cap, the oldest running transaction)) — at most {@code batch} of
     * them (all events sharing one (xact_id, occurred_at) at least) — and moves the watermark. {@code cap} null: no cap.
     */
    public Uni<Refresh> refresh(Watermark cap) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(LOCK_KEY))
                .flatMap(rows -> rows.iterator().next().getBoolean("locked")
                        ? WeekRowsBackfill.ensure(conn).flatMap(x -> OutcomeUsersBackfill.ensure(conn)).flatMap(x -> RetentionRollup.ensure(conn))
                                .flatMap(x -> window(conn, cap))
                        : Uni.createFrom().item(new Refresh(false, null, 0, false))))
                // also when another replica or an erasure holds the lock: the gauge must show the wait that causes
                .call(this::updateLag);
    }

    /** Windows one after the other until caught up with {@code cap} (null: every committed event) or {@code budget} is spent. */
    public Uni<Refresh> catchUp(Watermark cap, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        return refresh(cap).flatMap(r -> r.ran() && r.more() && System.nanoTime() < deadline
                ? catchUp(cap, Duration.ofNanos(deadline - System.nanoTime())).map(n -> new Refresh(true, n.watermark(), r.events() + n.events(), n.more()))
                : Uni.createFrom().item(r));
    }

    /** Test and operations helper: empties every rollup; queries read raw events until the next run. */
    public Uni<Void> reset() {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
                .flatMap(x -> conn.query("TRUNCATE analytics_rollup_watermark, " + USER_SESSIONS + ", " + RetentionRollup.TABLES + ", " + String.join(", ", CUBES)).execute()))
                .replaceWithVoid().call(this::updateLag);
    }

    /**
     * {@code analytics_rollup_lag_seconds}: 0 when every committed event is folded; otherwise how long ago (database
     * time) a window last left nothing committed unfolded — before any such window, since the oldest unfolded event
     * was received. Not a clock difference between pods: a late row is waiting since the last catch-up at most.
     */
    Uni<Void> updateLag() {
        return pool.query("SELECT w.folded_xact, w.folded_occurred, w.caught_up_at, now() AS now FROM (SELECT 1) one"
                + " LEFT JOIN analytics_rollup_watermark w ON true").execute().flatMap(rows -> {
                    Row r = rows.iterator().next();
                    Watermark w = watermark(r);
                    SqlFilter f = SqlFilter.none();
                    String waiting = (w == null ? Watermark.START : w).sql(false, f::bind);
                    String since = r.getOffsetDateTime("caught_up_at") == null
                            ? "(SELECT received_at FROM analytics_events WHERE " + waiting + " ORDER BY xact_id, occurred_at LIMIT 1)"
                            : f.bind(r.getOffsetDateTime("caught_up_at")) + "::timestamptz";
                    return pool.preparedQuery("SELECT CASE WHEN EXISTS (SELECT FROM analytics_events WHERE " + waiting + ") THEN extract(epoch FROM"
                            + " greatest(interval '0', now() - " + since + "))::float8 ELSE 0 END AS s").execute(f.tuple());
                }).invoke(rows -> {
                    Double s = rows.iterator().next().getDouble("s");
                    lagGauge.set(s == null ? 0 : s);
                }).replaceWithVoid();
    }

    private Uni<Refresh> window(SqlConnection conn, Watermark cap) {
        return conn.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin, w.folded_xact, w.folded_occurred"
                + " FROM (SELECT 1) one LEFT JOIN analytics_rollup_watermark w ON true").execute().flatMap(rows -> {
                    Row r = rows.iterator().next();
                    Watermark stored = watermark(r);
                    Watermark from = stored == null ? Watermark.START : stored;
                    Watermark committed = Watermark.beforeTransaction(r.getLong("xmin"));
                    Watermark to = cap == null ? committed : Watermark.min(cap, committed);
                    if (!from.isBefore(to)) {
                        return save(conn, stored == null, from, cap == null).map(x -> new Refresh(true, from, 0, false));
                    }
                    long t0 = System.nanoTime();
                    long[] t = new long[3];
                    return end(conn, from, to).flatMap(end -> {
                        SqlFilter f = SqlFilter.none();
                        String sql = "SELECT " + EVENT_COLUMNS + " FROM analytics_events WHERE " + from.sql(false, f::bind) + " AND "
                                + end.at().sql(true, f::bind);
                        Counted folded = new Counted();
                        return conn.prepare(sql).flatMap(statement -> foldAll(statement.cursor(f.tuple()), folded).eventually(statement::close))
                                .invoke(x -> t[0] = t[1] = System.nanoTime())
                                .map(x -> folded)
                                .flatMap(fold -> apply(conn, fold, true).map(x -> {
                                    fold.clear();
                                    return (long) fold.size;
                                }))
                                .call(n -> RetentionRollup.foldWindow(conn, from, end.at()))
                                .invoke(x -> t[2] = System.nanoTime())
                                .flatMap(n -> save(conn, stored == null, end.at(), !end.more() && cap == null)
                                        .map(x -> new Refresh(true, end.at(), n, end.more())))
                                .invoke(x -> LOG.debugf("rollup window: %d events, read and fold %d ms, merge %d ms", x.events(),
                                        (t[1] - t0) / 1_000_000, (t[2] - t[1]) / 1_000_000));
                    });
                });
    }

    /** Where a window ends, and whether events wait after it (before {@code to}). */
    private record End(Watermark at, boolean more) {
    }

    /** The window's end: after {@code batch} events, or {@code to}. */
    private Uni<End> end(SqlConnection conn, Watermark from, Watermark to) {
        SqlFilter f = SqlFilter.none();
        String range = from.sql(false, f::bind) + " AND " + to.sql(true, f::bind);
        return conn.preparedQuery("SELECT xact_id, occurred_at FROM analytics_events WHERE " + range + " ORDER BY xact_id, occurred_at OFFSET "
                + f.bind(batch) + " LIMIT 1").execute(f.tuple()).flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(new End(to, false));
                    }
                    Row r = rows.iterator().next();
                    Watermark at = new Watermark(r.getLong("xact_id"), r.getOffsetDateTime("occurred_at"));
                    if (from.isBefore(at)) {
                        return Uni.createFrom().item(new End(at, true));
                    }
                    // more than a batch share the window's first position: take them all
                    SqlFilter g = SqlFilter.none();
                    return conn.preparedQuery("SELECT xact_id, occurred_at FROM analytics_events WHERE (xact_id, occurred_at) > ("
                            + g.bind(at.xact()) + "::bigint, " + g.bind(at.occurredAt()) + "::timestamptz) AND " + to.sql(true, g::bind)
                            + " ORDER BY xact_id, occurred_at LIMIT 1").execute(g.tuple()).map(m -> m.size() == 0 ? new End(to, false)
                                    : new End(new Watermark(m.iterator().next().getLong("xact_id"), m.iterator().next().getOffsetDateTime("occurred_at")), true));
                });
    }

    /** Stores the watermark; {@code caughtUp}: nothing committed is left unfolded (the lag's reference point). */
    private static Uni<Void> save(SqlConnection conn, boolean insert, Watermark watermark, boolean caughtUp) {
        String caught = caughtUp ? "now()" : insert ? "NULL" : "caught_up_at";
        String sql = insert ? "INSERT INTO analytics_rollup_watermark (id, folded_xact, folded_occurred, caught_up_at) VALUES (1, $1, $2, " + caught + ")"
                : "UPDATE analytics_rollup_watermark SET folded_xact = $1, folded_occurred = $2, caught_up_at = " + caught + " WHERE id = 1";
        return conn.preparedQuery(sql).execute(Tuple.of(watermark.xact(), watermark.occurredAt())).replaceWithVoid();
    }

    /** A fold with the number of events it holds. */
    static final class Counted extends Fold {
        long size;
    }

    /** Rows the window reads and folds at a time: the window's events never sit in memory all at once, only its cells. */
    static final int FOLD_CHUNK = 2_000;

    /** Folds the cursor's rows chunk by chunk, each on a worker thread (the event loop only decodes them). */
    private static Uni<Void> foldAll(io.vertx.mutiny.sqlclient.Cursor cursor, Counted fold) {
        return cursor.read(FOLD_CHUNK).emitOn(Infrastructure.getDefaultWorkerPool()).flatMap(rows -> {
            fold(rows, fold);
            return cursor.hasMore() ? foldAll(cursor, fold) : cursor.close();
        });
    }

    static void fold(RowSet<Row> rows, Counted fold) {
        for (Row r : rows) {
            fold.add(event(r));
            fold.size++;
        }
    }

    /** A row of {@link #EVENT_COLUMNS} as the fold reads it. */
    static Fold.Event event(Row r) {
        return new Fold.Event(r.getOffsetDateTime("occurred_at"), r.getString("type"), r.getString("surface"), r.getLong("customer_id"),
                r.getString("page_path"), r.getString("label"), r.getString("element"), r.getString("user_sub"), r.getUUID("session_id"), r.getLong("uh"),
                r.getLong("ah"), r.getLong("sh"), r.getInteger("visible_ms"), r.getInteger("duration_ms"), r.getString("error_code"),
                r.getString("geo_country"), r.getString("geo_region"), r.getString("geo_city"), r.getString("browser"), r.getString("os"),
                r.getString("device_type"));
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
    record Cube<K extends Fold.Key>(String table, String[] keyCols, String[] keyTypes, Function<K, Object[]> key, String[] valueCols,
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
        union(c, Sketch.USERS, r);
        union(c, Sketch.VISITORS, r);
        union(c, Sketch.SESSIONS, r);
    }

    /** Adds a stored row's sketch of {@code s} to the cell's: at once, or at the cell's settle() if it defers unions. */
    static void union(Cell c, Sketch s, Row r) {
        byte[] stored = bytes(r, s.column);
        if (stored == null) {
            return;
        }
        if (c.defersUnions()) {
            c.unionLater(s, stored);
            return;
        }
        Hll.Merge m = new Hll.Merge();
        m.add(c.get(s));
        m.add(stored);
        c.set(s, m.result());
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

    static final Cube<Fold.TotalsKey> TOTALS = new Cube<>(RollupTable.TOTALS.tableName(),
            new String[] { "grain", "bucket", "surface", "customer_id" }, concat(TIME_KEY_TYPES, "bigint"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.customerId() },
            concat(COUNTER_COLS, "users", "visitors", "sessions"), concat(COUNTER_TYPES, "bytea", "bytea", "bytea"),
            c -> counters(c, c.users, c.visitors, c.sessions), RollupRepository::addCounters);

    static final Cube<Fold.PathKey> PATHS = new Cube<>(RollupTable.PATHS.tableName(),
            new String[] { "grain", "bucket", "surface", "page_path" }, concat(TIME_KEY_TYPES, "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.pagePath() },
            concat(COUNTER_COLS, "users", "visitors", "sessions", "viewers"), concat(COUNTER_TYPES, "bytea", "bytea", "bytea", "bytea"),
            c -> counters(c, c.users, c.visitors, c.sessions, c.viewers), (c, r) -> {
                addCounters(c, r);
                union(c, Sketch.VIEWERS, r);
            });

    static final Cube<Fold.SectionKey> SECTIONS = new Cube<>(RollupTable.SECTIONS.tableName(),
            new String[] { "grain", "bucket", "surface", "section" }, concat(TIME_KEY_TYPES, "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.section() },
            TOTALS.valueCols(), TOTALS.valueTypes(), TOTALS.values(), TOTALS.addStored());

    /** A text[] literal of the values, sorted: each quoted, its double quotes and backslashes escaped. */
    static String arrayLiteral(java.util.Collection<String> values) {
        StringBuilder b = new StringBuilder("{");
        for (String v : new java.util.TreeSet<>(values)) {
            b.append(b.length() == 1 ? "\"" : ",\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append('}').toString();
    }

    static final Cube<Fold.LabelKey> LABELS = new Cube<>(RollupTable.LABELS.tableName(),
            new String[] { "grain", "bucket", "surface", "label" }, concat(TIME_KEY_TYPES, "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.label() },
            new String[] { "clicks", "users", "pages", "elements" }, new String[] { "bigint", "bytea", "bytea", "bytea" },
            c -> new Object[] { c.clicks, buffer(Hll.bytes(c.users)), buffer(Items.bytes(c.pages)), buffer(Items.bytes(c.elements)) },
            (c, r) -> {
                c.clicks += r.getLong("clicks");
                union(c, Sketch.USERS, r);
                c.pages = items(c.pages, r, "pages", Items.PAGES);
                c.elements = items(c.elements, r, "elements", Items.ELEMENTS);
            });

    static final Cube<Fold.LabelSectionKey> LABEL_SECTIONS = new Cube<>(RollupTable.LABEL_SECTIONS.tableName(),
            new String[] { "grain", "bucket", "surface", "label", "section" }, concat(TIME_KEY_TYPES, "text", "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.label(), k.section() },
            LABELS.valueCols(), LABELS.valueTypes(), LABELS.values(), LABELS.addStored());

    static final Cube<Fold.LabelPathKey> LABEL_PATHS = new Cube<>(RollupTable.LABEL_PATHS.tableName(),
            new String[] { "grain", "bucket", "surface", "label", "page_path", "element" }, concat(TIME_KEY_TYPES, "text", "text", "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.label(), k.pagePath(), k.element() },
            new String[] { "clicks", "users" }, new String[] { "bigint", "bytea" }, c -> new Object[] { c.clicks, buffer(Hll.bytes(c.users)) },
            (c, r) -> {
                c.clicks += r.getLong("clicks");
                union(c, Sketch.USERS, r);
            });

    static final Cube<Fold.CustomerSectionKey> CUSTOMER_SECTIONS = new Cube<>(RollupTable.CUSTOMER_SECTIONS.tableName(),
            new String[] { "grain", "bucket", "surface", "section", "customer_id" }, concat(TIME_KEY_TYPES, "text", "bigint"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.section(), k.customerId() },
            new String[] { "page_views", "events", "last_seen", "users", "sessions" }, new String[] { "bigint", "bigint", "timestamptz", "bytea", "bytea" },
            c -> new Object[] { c.pageViews, c.events, c.lastSeen, buffer(Hll.bytes(c.users)), buffer(Hll.bytes(c.sessions)) }, (c, r) -> {
                c.pageViews += r.getLong("page_views");
                c.events += r.getLong("events");
                c.seen(r.getOffsetDateTime("last_seen"));
                union(c, Sketch.USERS, r);
                union(c, Sketch.SESSIONS, r);
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

    static final Cube<Fold.OutcomeKey> OUTCOMES = new Cube<>(RollupTable.OUTCOMES.tableName(),
            new String[] { "grain", "bucket", "surface", "page_path", "error_code", "geo_country", "geo_region", "geo_city", "browser", "os",
                "device_type" },
            concat(TIME_KEY_TYPES, "text", "text", "text", "text", "text", "text", "text", "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.pagePath(), k.errorCode(), k.geoCountry(), k.geoRegion(), k.geoCity(),
                k.browser(), k.os(), k.deviceType() },
            new String[] { "successes", "failures", "users" }, new String[] { "bigint", "bigint", "bytea" },
            c -> new Object[] { c.loginSuccesses, c.loginFailures, buffer(Hll.bytes(c.users)) }, (c, r) -> {
                c.loginSuccesses += r.getLong("successes");
                c.loginFailures += r.getLong("failures");
                union(c, Sketch.USERS, r);
            });

    /**
     * Cells per load and upsert statement. A statement's parameters are encoded whole into one network buffer: a cube's
     * 50,000 cells with their sketches made a message of tens of megabytes, grown by doubling, which ran the shipped
     * 384 MB heap out.
     */
    static final int MERGE_CHUNK = 5_000;

    /** Reads the stored rows of the cells' keys, adds them to the cells (on a worker thread), then upserts every cell. */
    static <K extends Fold.Key> Uni<Void> merge(SqlConnection conn, Cube<K> cube, Map<K, Cell> cells) {
        List<K> all = new ArrayList<>(cells.keySet());
        List<List<K>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += MERGE_CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + MERGE_CHUNK)));
        }
        return Multi.createFrom().iterable(chunks).onItem().transformToUniAndConcatenate(keys -> mergeChunk(conn, cube, cells, keys))
                .collect().last().replaceWithVoid();
    }

    private static <K extends Fold.Key> Uni<Void> mergeChunk(SqlConnection conn, Cube<K> cube, Map<K, Cell> cells, List<K> keys) {
        long t0 = System.nanoTime();
        long[] t = new long[1];
        // the previous cube's upsert completes on the event loop: the key arrays are built on a worker, not there
        return Uni.createFrom().voidItem().emitOn(Infrastructure.getDefaultWorkerPool()).flatMap(x -> load(conn, cube, keys))
                .emitOn(Infrastructure.getDefaultWorkerPool()).flatMap(stored -> {
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
            int storedRows = stored.size();
            stored.clear();
            int width = cube.keyCols().length + cube.valueCols().length;
            String[] types = concat(cube.keyTypes(), cube.valueTypes());
            Object[][] all = columns(keys.size(), width, i -> {
                Object[] k = cube.key().apply(keys.get(i));
                Object[] v = cube.values().apply(cells.get(keys.get(i)).settle());
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
                    .invoke(x -> released(all))
                    .invoke(x -> LOG.debugf("rollup merge %s: %d of %d cells, %d stored; load %d ms, merge %d ms, upsert %d ms", cube.table(), keys.size(),
                            cells.size(), storedRows, (t[0] - t0) / 1_000_000, (t1 - t[0]) / 1_000_000, (System.nanoTime() - t1) / 1_000_000));
        });
    }

    /** The stored rows of the given cells' keys. */
    private static <K extends Fold.Key> Uni<List<Row>> load(SqlConnection conn, Cube<K> cube, List<K> keys) {
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
                    released(keyArrays);
                    List<Row> out = new ArrayList<>(rows.size());
                    rows.forEach(out::add);
                    return out;
                });
    }

    /**
     * Drops a statement's parameter columns once it has run: the Uni chain of a window keeps what its steps captured
     * until the window ends, and a cube's columns (its cells' serialized sketches) are tens of megabytes.
     */
    private static void released(Object[][] columns) {
        java.util.Arrays.fill(columns, null);
    }

    /** The fold's key equal to a stored row's key values (records compare by value). */
    @SuppressWarnings("unchecked")
    private static <K extends Fold.Key> K keyOf(Cube<K> cube, Object[] k, List<K> sample) {
        Object any = sample.get(0);
        Grain grain = Grain.of((String) k[0]);
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
}
