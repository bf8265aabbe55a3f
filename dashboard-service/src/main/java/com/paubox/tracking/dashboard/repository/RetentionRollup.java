package com.paubox.tracking.dashboard.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.paubox.tracking.dashboard.rollup.Grain;
import com.paubox.tracking.dashboard.rollup.RollupTable;
import com.paubox.tracking.dashboard.rollup.Watermark;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * /retention's rollup tables (V48): identities as dense ids, each identity's first event ever per level, and the ids
 * active per UTC hour and level (levels as the cubes': customer 0 = every customer, surface '*' = every surface). Kept by
 * PostgreSQL alone — one statement per rollup window, in the window's transaction, so the tables hold exactly the
 * events before the watermark. Databases that had folded events before V48 get them once, day by day, from the first
 * window after the migration ({@link #ensure}); until then answers read raw events ({@link #ready}).
 */
public final class RetentionRollup {

    public static final String IDENTITIES = RollupTable.IDENTITIES.tableName();
    public static final String FIRST_SEEN = RollupTable.FIRST_SEEN.tableName();
    public static final String ACTIVE = RollupTable.ACTIVE.tableName();

    /** The three, for a TRUNCATE. */
    static final String TABLES = IDENTITIES + ", " + FIRST_SEEN + ", " + ACTIVE;

    static final BackfillMarker BACKFILL = new BackfillMarker("retention_cohorts");

    private RetentionRollup() {
    }

    /**
     * Whether a window's ids ({@code excluded.ids}) add any to an hour's stored ones ({@code t.ids}). Array containment
     * ({@code @>}) compares every pair: fine for a customer's few ids, but an every-customer hour of live traffic holds
     * hundreds of thousands, and each window's check of them took seconds (a window of 100,000 live events: 16 s of its
     * 19). Past a small product of the sizes the check is a hashed set difference instead, linear in both.
     */
    private static final String GAINS_IDS = "CASE WHEN cardinality(t.ids)::bigint * cardinality(excluded.ids) <= 100000 THEN NOT t.ids @> excluded.ids"
            + " ELSE EXISTS (SELECT unnest(excluded.ids) EXCEPT SELECT unnest(t.ids)) END";

    /** The conflict's update of an hour's stored ids ({@code t}) by a window's ({@code excluded}): their sorted union, only if it gains any. */
    static final String UNION_IDS = "SET ids = ARRAY(SELECT DISTINCT u FROM unnest(t.ids || excluded.ids) AS u ORDER BY 1) WHERE " + GAINS_IDS;

    /**
     * Folds the events matching {@code range} (a condition on analytics_events, parameters bound in {@code f}), in two
     * statements: new identities get an id; then per (identity, level) the first event is kept (least) and the last month moved on; per
     * (level, hour) the ids active join the hour's sorted set.
     */
    static Uni<Void> fold(SqlClient db, String range, SqlFilter f) {
        String keys = " FROM analytics_events e CROSS JOIN LATERAL (VALUES ('u'::char(1), e.user_sub), ('v'::char(1), e.anon_id::text)) AS v(kind, key)"
                + " WHERE " + range + " AND v.key IS NOT NULL";
        // every lookup is a scalar subquery on purpose: one index probe per key. Joined, the planner guesses a window's
        // keys from its events (ten times too many, or a CTE's default) and may hash a whole table or loop over a CTE.
        String id = "(SELECT i.id FROM " + IDENTITIES + " i WHERE i.kind = %1$s.kind AND i.identity_key = %1$s.key)";
        // under the rollup lock: no other statement adds identities meanwhile (nor burns ids on a conflict)
        String identities = "INSERT INTO " + IDENTITIES + " (kind, identity_key) SELECT kind, key FROM (SELECT DISTINCT v.kind, v.key" + keys + ") d"
                + " WHERE " + id.formatted("d") + " IS NULL";
        String sql = "WITH k AS MATERIALIZED (SELECT " + id.formatted("w") + " AS id, w.kind, w.c, w.s, w.h, w.first, w.last FROM (SELECT v.kind, v.key,"
                + " coalesce(e.customer_id, 0) AS c, e.surface AS s, date_trunc('hour', e.occurred_at) AS h, min(e.occurred_at) AS first,"
                + " max(e.occurred_at) AS last" + keys + " GROUP BY 1, 2, 3, 4, 5) w),"
                // the three levels; an event without a customer is in the every-customer levels only
                + " g AS MATERIALIZED (SELECT kind, id, CASE WHEN grouping(c) = 1 THEN 0 ELSE c END AS c, coalesce(s, '*') AS s, h,"
                + " min(first) AS first, max(last) AS last FROM k GROUP BY kind, id, h, GROUPING SETS ((), (s), (c, s))"
                + " HAVING grouping(c) = 1 OR c <> 0),"
                + " seen AS (SELECT kind, id, c, s, min(first) AS first, date_trunc('month', max(last) AT TIME ZONE 'UTC')::date AS last_month"
                + " FROM g GROUP BY 1, 2, 3, 4),"
                // only the rows that change are written: most identities of a window are known, their first and month unchanged.
                // The check is the conflict's own (the primary key, always): a probe of its own was planned on empty tables
                // (a first window) as a scan of the (kind, customer, surface) index, which walked every entry the statement had
                // just inserted at its level — quadratic: a first window of 100,000 live events ran for over ten minutes
                + " moved AS (INSERT INTO " + FIRST_SEEN + " AS t (kind, id, customer_id, surface, first_at, last_month)"
                + " SELECT kind, id, c, s, first, last_month FROM seen"
                + " ON CONFLICT (kind, id, customer_id, surface) DO UPDATE SET first_at = least(t.first_at, excluded.first_at),"
                + " last_month = greatest(t.last_month, excluded.last_month) WHERE t.first_at > excluded.first_at OR t.last_month < excluded.last_month)"
                + " INSERT INTO " + ACTIVE + " AS t (kind, customer_id, surface, hour, ids) SELECT kind, c, s, h, array_agg(id ORDER BY id) FROM g"
                + " GROUP BY 1, 2, 3, 4 ON CONFLICT (kind, customer_id, surface, hour) DO UPDATE"
                + " " + UNION_IDS;
        return probingByIndex(db, db.preparedQuery(identities).execute(f.tuple())).flatMap(x -> db.preparedQuery(sql).execute(f.tuple()))
                .replaceWithVoid();
    }

    /**
     * Runs {@code statement} with sequential scans off for its transaction, then puts the setting back. On an empty
     * identities table whose statistics say it is empty (analyzed empty: a database-wide ANALYZE of a new deployment,
     * vacuumdb -Z after a restore) the probe was planned as a sequential scan, and every probe then read each row the
     * statement itself had inserted so far: quadratic — the first window of 100,000 live events spent 30 s in it, 0.85 s
     * by the unique index; a denser first window could outlast a statement timeout and fail on every retry. Inside a
     * transaction (SET LOCAL).
     */
    private static <T> Uni<T> probingByIndex(SqlClient db, Uni<T> statement) {
        return db.query("SELECT current_setting('enable_seqscan') AS was").execute().map(rows -> rows.iterator().next().getString("was"))
                .flatMap(was -> db.query("SET LOCAL enable_seqscan = off").execute().flatMap(x -> statement)
                        .call(x -> db.preparedQuery("SELECT set_config('enable_seqscan', $1, true)").execute(Tuple.of(was))));
    }

    /** A rollup window's events, [from, to) in (xact_id, occurred_at) order. */
    public static Uni<Void> foldWindow(SqlClient db, Watermark from, Watermark to) {
        SqlFilter f = SqlFilter.none();
        return fold(db, from.sql(false, f::bind) + " AND " + to.sql(true, f::bind), f);
    }

    /** Whether answers may read the tables (the events folded before V48 are in them). */
    public static Uni<Boolean> ready(SqlClient db) {
        return BACKFILL.ready(db);
    }

    /**
     * Folds the events folded before V48 once (the caller holds the rollup lock; nothing folds meanwhile), one UTC day
     * of them at a time (the days of the totals cube's day rows: exactly the folded events' days), then records it.
     */
    public static Uni<Void> ensure(SqlConnection conn) {
        return BACKFILL.once(conn, () -> RollupRepository.watermark(conn).flatMap(w -> backfill(conn, w)));
    }

    private static Uni<Void> backfill(SqlConnection conn, Watermark watermark) {
        if (watermark == null) {
            return Uni.createFrom().voidItem();
        }
        return conn.query("SELECT DISTINCT bucket FROM " + RollupTable.TOTALS.tableName() + " WHERE grain = " + Grain.DAY.sql() + " AND surface = '*' AND customer_id = 0 ORDER BY 1")
                .execute().flatMap(rows -> {
                    List<OffsetDateTime> days = new ArrayList<>();
                    rows.forEach(r -> days.add(r.getOffsetDateTime("bucket")));
                    return Multi.createFrom().iterable(days).onItem().transformToUniAndConcatenate(day -> {
                        SqlFilter f = SqlFilter.none();
                        // the day by the (type, occurred_at) index: "+ 0" keeps a generic plan from reading every event
                        // below the watermark by the (xact_id, occurred_at) index for the day's
                        return fold(conn, "e." + RollupRepository.ALL_TYPES + " AND e.occurred_at >= " + f.bind(day) + " AND e.occurred_at < "
                                + f.bind(day.plusDays(1)) + " AND " + watermark.sql(true, f::bind).replace("xact_id", "e.xact_id + 0"), f)
                                // the tables grow from nothing here: fresh statistics keep every probe on its index
                                .call(x -> conn.query("ANALYZE " + TABLES).execute());
                    }).collect().last().replaceWithVoid();
                });
    }

    /**
     * Retention (the lifecycle job, holding the rollup lock): the hours of the dropped months go, as the cubes' rows.
     * First-seen rows stay while their identity has an event left at that level — the first event ever is remembered,
     * not replaced by the oldest one kept, so a long-time user never turns up as new when their first months expire —
     * and go with the identity once it has none ({@code last_month} wholly before the dropped months' end).
     */
    static Uni<Void> dropExpired(SqlConnection conn, OffsetDateTime keepFrom) {
        // the boundary the partitions are dropped at (the start of keepFrom's month in the session's zone); a row's last
        // UTC month is wholly before it when that month ends by the boundary's UTC month start
        String boundary = "date_trunc('month', $1::timestamptz)";
        return conn.preparedQuery("DELETE FROM " + ACTIVE + " WHERE hour < " + boundary).execute(Tuple.of(keepFrom))
                .flatMap(x -> conn.preparedQuery("WITH gone AS (DELETE FROM " + FIRST_SEEN + " WHERE last_month < date_trunc('month', " + boundary
                        + " AT TIME ZONE 'UTC')::date RETURNING kind, id, customer_id, surface) DELETE FROM " + IDENTITIES
                        + " i USING gone WHERE gone.customer_id = 0 AND gone.surface = '*' AND i.id = gone.id").execute(Tuple.of(keepFrom)))
                .replaceWithVoid();
    }
}
