package com.paubox.tracking.dashboard.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.paubox.tracking.dashboard.rollup.Cube;
import com.paubox.tracking.dashboard.rollup.Cubes;
import com.paubox.tracking.dashboard.rollup.Fold;
import com.paubox.tracking.dashboard.rollup.Fold.Cell;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.RollupLag;
import com.paubox.tracking.dashboard.rollup.RollupTable;
import com.paubox.tracking.dashboard.rollup.Watermark;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Maintains the rollup cubes (V31/V32). They hold exactly the events before the watermark ({@link Watermark}: a position
 * in (xact_id, occurred_at) order, V42); each run folds the next window — at most {@code analytics.rollup.batch} events, fewer
 * once its fold holds {@code analytics.rollup.cells} cells,
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

    static final String USER_SESSIONS = RollupTable.USER_SESSIONS.tableName();
    private static final String WATERMARK = RollupTable.WATERMARK.tableName();

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
    private final long cells;
    private final RollupLag lagGauge;

    /**
     * {@code batch}: the most events a window folds; {@code cells}: a window stops taking events once its fold holds this
     * many cells (at the next position), so its memory follows what it holds — dense live traffic fills few cells per
     * event and gets long windows (each busy row's sketch read and rewritten once for more events), a sparse backlog
     * short ones.
     */
    public RollupRepository(Pool pool, @ConfigProperty(name = "analytics.rollup.batch") int batch,
            @ConfigProperty(name = "analytics.rollup.cells") long cells, RollupLag lagGauge) {
        this.pool = pool;
        this.batch = batch;
        this.cells = cells;
        this.lagGauge = lagGauge;
    }

    /** What the rollups hold, as {@code db} sees it; null before the first run (queries read raw events). */
    public static Uni<Watermark> watermark(SqlClient db) {
        return db.query("SELECT folded_xact, folded_occurred FROM " + WATERMARK).execute()
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
                        ? SketchRebuild.ensure(conn).flatMap(x -> WeekRowsBackfill.ensure(conn)).flatMap(x -> OutcomeUsersBackfill.ensure(conn)).flatMap(x -> RetentionRollup.ensure(conn))
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
                .flatMap(x -> empty(conn))).call(this::updateLag);
    }

    /** Every rollup table and the watermark emptied (the caller holds the rollup lock): the next window folds from the first event. */
    static Uni<Void> empty(SqlConnection conn) {
        return conn.query("TRUNCATE " + WATERMARK + ", " + USER_SESSIONS + ", " + RetentionRollup.TABLES + ", " + String.join(", ", Cubes.tableNames()))
                .execute().replaceWithVoid();
    }

    /**
     * {@code analytics_rollup_lag_seconds}: 0 when every committed event is folded; otherwise how long ago (database
     * time) a window last left nothing committed unfolded — before any such window, since the oldest unfolded event
     * was received. Not a clock difference between pods: a late row is waiting since the last catch-up at most.
     */
    public Uni<Void> updateLag() {
        long ticket = lagGauge.begin();
        // one statement, so one snapshot: the watermark and the events waiting after it (read apart, a window committing
        // between them made one sample count events the rollups already held)
        String waiting = "FROM analytics_events e WHERE (e.xact_id, e.occurred_at) >= (w.x, w.o)";
        return pool.query("SELECT CASE WHEN EXISTS (SELECT " + waiting + ") THEN extract(epoch FROM greatest(interval '0', now() - coalesce(w.caught_up_at,"
                + " (SELECT e.received_at " + waiting + " ORDER BY e.xact_id, e.occurred_at LIMIT 1))))::float8"
                + " ELSE 0 END AS s FROM (SELECT coalesce(m.folded_xact, 0) AS x, coalesce(m.folded_occurred, '-infinity') AS o, m.caught_up_at"
                + " FROM (SELECT 1) one LEFT JOIN " + WATERMARK + " m ON true) w").execute().invoke(rows -> {
                    Double s = rows.iterator().next().getDouble("s");
                    lagGauge.set(ticket, s == null ? 0 : s);
                }).replaceWithVoid();
    }

    private Uni<Refresh> window(SqlConnection conn, Watermark cap) {
        return conn.query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin, w.folded_xact, w.folded_occurred"
                + " FROM (SELECT 1) one LEFT JOIN " + WATERMARK + " w ON true").execute().flatMap(rows -> {
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
                    return end(conn, from, to).flatMap(limit -> {
                        SqlFilter f = SqlFilter.none();
                        // in position order: the fold may stop early, and then the window ends where it stopped
                        String sql = "SELECT " + EVENT_COLUMNS + ", xact_id FROM analytics_events WHERE " + from.sql(false, f::bind) + " AND "
                                + limit.at().sql(true, f::bind) + " ORDER BY xact_id, occurred_at";
                        Counted folded = new Counted(cells);
                        return readRows(conn, sql, f.tuple(), folded::offer)
                                .invoke(x -> t[0] = t[1] = System.nanoTime())
                                .map(x -> folded.cut == null ? limit : new End(folded.cut, true))
                                .flatMap(end -> apply(conn, folded, true).map(x -> {
                                    folded.clear();
                                    return end;
                                })
                                .call(x -> RetentionRollup.foldWindow(conn, from, end.at()))
                                .invoke(x -> t[2] = System.nanoTime())
                                .flatMap(x -> save(conn, stored == null, end.at(), !end.more() && cap == null)
                                        .map(y -> new Refresh(true, end.at(), folded.size, end.more()))))
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
        String sql = insert ? "INSERT INTO " + WATERMARK + " (id, folded_xact, folded_occurred, caught_up_at) VALUES (1, $1, $2, " + caught + ")"
                : "UPDATE " + WATERMARK + " SET folded_xact = $1, folded_occurred = $2, caught_up_at = " + caught + " WHERE id = 1";
        return conn.preparedQuery(sql).execute(Tuple.of(watermark.xact(), watermark.occurredAt())).replaceWithVoid();
    }

    /**
     * A window's fold: its events in position order, with their number, until it holds {@code maxCells} cells; then it
     * takes the rest of the position it is at (a position's events are never split between windows) and stops.
     */
    static final class Counted extends Fold {
        private final long maxCells;
        long size;
        /** The first position not folded when the fold stopped short of the window's end; null: it took every event. */
        Watermark cut;
        private long lastXact = -1;
        private OffsetDateTime lastAt;

        Counted(long maxCells) {
            this.maxCells = maxCells;
        }

        @Override
        public void add(Event e) {
            super.add(e);
            size++;
        }

        /** Folds a row of {@link #EVENT_COLUMNS} and xact_id, unless the fold is full and the row starts a new position: false then. */
        boolean offer(Row r) {
            long xact = r.getLong("xact_id");
            OffsetDateTime at = r.getOffsetDateTime("occurred_at");
            boolean samePosition = xact == lastXact && at.isEqual(lastAt);
            if (!samePosition && size > 0 && cells() >= maxCells) {
                cut = new Watermark(xact, at);
                return false;
            }
            add(event(r));
            lastXact = xact;
            lastAt = at;
            return true;
        }
    }

    /** Rows the window reads and folds at a time: the window's events never sit in memory all at once, only its cells. */
    static final int FOLD_CHUNK = 2_000;

    /**
     * The statement's events (rows of {@link #EVENT_COLUMNS}) read by a cursor and handed to {@code add} chunk by chunk,
     * each chunk on a worker thread (the event loop only decodes them): never all of them in memory at once. Inside a
     * transaction (a cursor needs one).
     */
    static Uni<Void> foldAll(SqlConnection conn, String sql, Tuple params, Consumer<Fold.Event> add) {
        return readRows(conn, sql, params, r -> {
            add.accept(event(r));
            return true;
        });
    }

    /**
     * The statement's rows handed to {@code take} chunk by chunk on a worker thread, until it returns false or none are left:
     * never all of them in memory. Inside a transaction (a cursor needs one).
     */
    static Uni<Void> readRows(SqlConnection conn, String sql, Tuple params, java.util.function.Predicate<Row> take) {
        return conn.prepare(sql).flatMap(statement -> readRows(statement.cursor(params), take).eventually(statement::close));
    }

    private static Uni<Void> readRows(Cursor cursor, java.util.function.Predicate<Row> take) {
        return cursor.read(FOLD_CHUNK).emitOn(Infrastructure.getDefaultWorkerPool()).flatMap(rows -> {
            for (Row r : rows) {
                if (!take.test(r)) {
                    return cursor.close();
                }
            }
            return cursor.hasMore() ? readRows(cursor, take) : cursor.close();
        });
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
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Cube<?> cube : Cubes.ALL) {
            chain = chain.flatMap(x -> merge(conn, cube, fold));
        }
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

    /** A text[] literal of the values, sorted: each quoted, its double quotes and backslashes escaped. */
    static String arrayLiteral(java.util.Collection<String> values) {
        StringBuilder b = new StringBuilder("{");
        for (String v : new java.util.TreeSet<>(values)) {
            b.append(b.length() == 1 ? "\"" : ",\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append('}').toString();
    }

    /**
     * Cells per load and upsert statement. A statement's parameters are encoded whole into one network buffer: a cube's
     * 50,000 cells with their sketches made a message of tens of megabytes, grown by doubling, which ran the shipped
     * 384 MB heap out.
     */
    static final int MERGE_CHUNK = 5_000;

    /**
     * Bytes of stored sketches a chunk may bring at most (each sketch column of each row at its largest). A chunk's stored
     * rows, their unions and its upsert's parameters are in memory at once: 5,000 rows of the paths cube with four 4 KB
     * sketches each were ~80 MB three times over, the window's peak, which kept windows small in the shipped heap.
     */
    static final long MERGE_CHUNK_BYTES = 16L << 20;

    /** Cells per load and upsert statement of {@code cube}: {@link #MERGE_CHUNK}, fewer for rows of several sketches. */
    static int chunkCells(Cube<?> cube) {
        long sketches = java.util.Arrays.stream(cube.valueTypes()).filter("bytea"::equals).count();
        return (int) Math.min(MERGE_CHUNK, MERGE_CHUNK_BYTES / (Math.max(1, sketches) * Hll.MAX_BYTES));
    }

    /** {@link #merge(SqlConnection, Cube, Map)} of the fold's cells of {@code cube}. */
    private static <K extends Fold.Key> Uni<Void> merge(SqlConnection conn, Cube<K> cube, Fold fold) {
        return merge(conn, cube, cube.cells().apply(fold));
    }

    /**
     * Reads the stored rows of the cells' keys, adds them to the cells (on a worker thread), then upserts every cell,
     * chunk by chunk. A stored cell leaves {@code cells} (its merged sketches are the largest thing a window holds).
     */
    static <K extends Fold.Key> Uni<Void> merge(SqlConnection conn, Cube<K> cube, Map<K, Cell> cells) {
        List<K> all = new ArrayList<>(cells.keySet());
        int chunk = chunkCells(cube);
        List<List<K>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += chunk) {
            chunks.add(all.subList(i, Math.min(all.size(), i + chunk)));
        }
        return Multi.createFrom().iterable(chunks).onItem().transformToUniAndConcatenate(keys -> mergeChunk(conn, cube, cells, keys, all.size()))
                .collect().last().replaceWithVoid();
    }

    private static <K extends Fold.Key> Uni<Void> mergeChunk(SqlConnection conn, Cube<K> cube, Map<K, Cell> cells, List<K> keys, int total) {
        long t0 = System.nanoTime();
        long[] t = new long[1];
        // the previous cube's upsert completes on the event loop: the key arrays are built on a worker, not there
        return Uni.createFrom().voidItem().emitOn(Infrastructure.getDefaultWorkerPool()).flatMap(x -> load(conn, cube, keys))
                .emitOn(Infrastructure.getDefaultWorkerPool()).flatMap(stored -> {
            t[0] = System.nanoTime();
            for (Row r : stored) {
                Cell cell = cells.get(cube.readKey().apply(r));
                if (cell != null) {
                    cube.addStored().accept(cell, r);
                }
            }
            int storedRows = stored.size();
            stored.clear();
            int width = cube.keyCols().length + cube.valueCols().length;
            String[] types = cube.rowTypes();
            Object[][] all = columns(keys.size(), width, i -> {
                Object[] k = cube.key().apply(keys.get(i));
                Object[] v = cube.values().apply(cells.get(keys.get(i)).settle());
                Object[] row = java.util.Arrays.copyOf(k, width);
                System.arraycopy(v, 0, row, k.length, v.length);
                return row;
            }, types);
            // the chunk's cells are in its parameters now: let them go here, on the worker, not after the upsert on the event loop
            keys.forEach(cells::remove);
            StringBuilder params = new StringBuilder();
            StringBuilder set = new StringBuilder();
            for (int c = 0; c < width; c++) {
                params.append(c == 0 ? "" : ", ").append('$').append(c + 1).append("::").append(types[c]).append("[]");
            }
            for (int c = 0; c < cube.valueCols().length; c++) {
                set.append(c == 0 ? "" : ", ").append(cube.valueCols()[c]).append(" = excluded.").append(cube.valueCols()[c]);
            }
            String keyList = String.join(", ", cube.keyCols());
            String upsert = "INSERT INTO " + cube.tableName() + " (" + keyList + ", " + String.join(", ", cube.valueCols()) + ") SELECT * FROM unnest("
                    + params + ") ON CONFLICT (" + keyList + ") DO UPDATE SET " + set;
            long t1 = System.nanoTime();
            return conn.preparedQuery(upsert).execute(Tuple.from(java.util.Arrays.asList((Object[]) all))).replaceWithVoid()
                    .invoke(x -> released(all))
                    .invoke(x -> LOG.debugf("rollup merge %s: %d of %d cells, %d stored; load %d ms, merge %d ms, upsert %d ms", cube.tableName(), keys.size(),
                            total, storedRows, (t[0] - t0) / 1_000_000, (t1 - t[0]) / 1_000_000, (System.nanoTime() - t1) / 1_000_000));
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
        return conn.preparedQuery("SELECT t.* FROM unnest(" + unnest + ") AS k(" + keyList + ") CROSS JOIN LATERAL (SELECT * FROM " + cube.tableName()
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
