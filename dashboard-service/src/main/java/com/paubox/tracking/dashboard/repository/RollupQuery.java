package com.paubox.tracking.dashboard.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.Items;
import com.paubox.tracking.dashboard.rollup.Watermark;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Row;

/**
 * One aggregation over a time range, read from a rollup cube where it covers the range and from raw events where
 * it does not (see {@link #plan}); both parts are grouped by the same keys in SQL and merged per key in Java:
 * counters are summed (or maxed), distinct values are unions of the cube rows' HLL sketches and of the raw events'
 * hashes. The merge runs on a worker thread (sketch unions can take milliseconds).
 */
final class RollupQuery {

    /** A counter: summed cube column expression and its raw-event aggregate; {@code max}: take the largest instead. */
    record Measure(String name, String cube, String raw, boolean max) {
        static Measure sum(String name, String cube, String raw) {
            return new Measure(name, cube, raw, false);
        }
    }

    /** A distinct count: the cube's sketch column, the raw events' value hash and the condition for a raw event to count. */
    record Distinct(String name, String cubeColumn, String rawHash, String rawCondition) {
    }

    /**
     * The merged frequent-items sketches of a cube column ({@link Items}); raw pieces add nothing here: the caller
     * counts their values with {@link Plan#rawOnly()}.
     */
    record Top(String name, String cubeColumn, int mapSize) {
    }

    /**
     * A piece of the range: {@code grain} 'h'/'d' reads cube rows, null reads raw events (before the watermark);
     * {@code subtract}: raw events whose counts are taken away (see {@link Plan#countsByComplement}).
     */
    record Piece(String grain, OffsetDateTime from, OffsetDateTime to, boolean subtract) {
        Piece(String grain, OffsetDateTime from, OffsetDateTime to) {
            this(grain, from, to, false);
        }
    }

    /** Plan: cube pieces, raw edges, and the raw tail (events at or after {@code watermark}: stored since the rollups last ran); or all raw. */
    record Plan(List<Piece> pieces, Watermark watermark) {
        static Plan raw(OffsetDateTime from, OffsetDateTime to) {
            return new Plan(List.of(new Piece(null, from, to)), null);
        }

        /** For a cube with day rows only: its hour pieces read raw events instead. */
        Plan daysOnly() {
            return new Plan(pieces.stream().map(p -> "h".equals(p.grain()) ? new Piece(null, p.from(), p.to()) : p).toList(), watermark);
        }

        /** Only the cube pieces: what the cube rows of this plan hold. */
        Plan cubeOnly() {
            return new Plan(pieces.stream().filter(p -> p.grain() != null).toList(), null);
        }

        /** Nothing to read. */
        boolean isEmpty() {
            return pieces.isEmpty() && watermark == null;
        }

        /**
         * For counts alone (sums; no distinct values, no maximum, no sketch): a partial UTC day at an end of a day-rows
         * plan ({@link #daysOnly}) read as its whole day row minus the raw events of its part outside [from, to), where
         * that part is the shorter — a New York day's edge is then 5 raw hours, not 19. Exact: a day row holds exactly
         * the day's events before the watermark, the subtracted piece the same events of its hours.
         */
        Plan countsByComplement(OffsetDateTime from, OffsetDateTime to) {
            List<Piece> days = pieces.stream().filter(p -> p.grain() != null).toList();
            if (days.size() != 1 || !"d".equals(days.get(0).grain())) {
                return this;
            }
            Piece d = days.get(0);
            int at = pieces.indexOf(d);
            OffsetDateTime dayBefore = d.from().minusDays(1);
            OffsetDateTime dayAfter = d.to().plusDays(1);
            boolean lead = from.isBefore(d.from()) && Duration.between(dayBefore, from).compareTo(Duration.between(from, d.from())) < 0;
            boolean trail = to.isAfter(d.to()) && Duration.between(to, dayAfter).compareTo(Duration.between(d.to(), to)) < 0;
            List<Piece> out = new ArrayList<>();
            if (lead) {
                out.add(new Piece(null, dayBefore, from, true));
            } else {
                out.addAll(pieces.subList(0, at));
            }
            out.add(new Piece("d", lead ? dayBefore : d.from(), trail ? dayAfter : d.to()));
            if (trail) {
                out.add(new Piece(null, to, dayAfter, true));
            } else {
                out.addAll(pieces.subList(at + 1, pieces.size()));
            }
            return new Plan(out, watermark);
        }

        /** Only the raw-event pieces (and the tail): what the cube rows of this plan do not hold. */
        Plan rawOnly() {
            return new Plan(pieces.stream().filter(p -> p.grain() == null).toList(), watermark);
        }
    }

    /**
     * A cube condition for "every surface" where day rows have a '*' surface and hour rows do not: correct as SQL, and
     * each piece replaces it with its grain's own condition, so PostgreSQL sees {@code surface = '*'} as an index condition.
     */
    static final String EVERY_SURFACE = "(grain = 'h' OR surface = '*')";

    static final String ALL_TYPES = "type IN ('page_view', 'time_on_page', 'click', 'login_success', 'login_failure')";

    /** Per key: the counters and the running unions. */
    static final class Acc {
        final long[] values;
        final Hll.Merge[] distinct;
        final Items.Merge[] tops;

        Acc(int measures, int distincts) {
            this(measures, distincts, List.of());
        }

        Acc(int measures, int distincts, List<Top> tops) {
            values = new long[measures];
            distinct = new Hll.Merge[distincts];
            for (int i = 0; i < distincts; i++) {
                distinct[i] = new Hll.Merge();
            }
            this.tops = new Items.Merge[tops.size()];
            for (int i = 0; i < tops.size(); i++) {
                this.tops[i] = new Items.Merge(tops.get(i).mapSize());
            }
        }
    }

    private RollupQuery() {
    }

    /**
     * [from, to) split into UTC hours and (with {@code days}) UTC days read from the cube, raw events before
     * the watermark for the partial hours at the ends, and every raw event at or after the watermark.
     */
    static Plan plan(OffsetDateTime from, OffsetDateTime to, Watermark watermark, boolean days) {
        if (watermark == null) {
            return Plan.raw(from, to);
        }
        OffsetDateTime h1 = RollupRepository.floorHour(from);
        if (h1.isBefore(from)) {
            h1 = h1.plusHours(1);
        }
        OffsetDateTime h2 = RollupRepository.floorHour(to);
        if (!h1.isBefore(h2)) {
            return Plan.raw(from, to);
        }
        List<Piece> pieces = new ArrayList<>();
        if (from.isBefore(h1)) {
            pieces.add(new Piece(null, from, h1));
        }
        OffsetDateTime d1 = RollupRepository.floorDay(h1);
        if (d1.isBefore(h1)) {
            d1 = d1.plusDays(1);
        }
        OffsetDateTime d2 = RollupRepository.floorDay(h2);
        if (days && d1.isBefore(d2)) {
            if (h1.isBefore(d1)) {
                pieces.add(new Piece("h", h1, d1));
            }
            pieces.add(new Piece("d", d1, d2));
            if (d2.isBefore(h2)) {
                pieces.add(new Piece("h", d2, h2));
            }
        } else {
            pieces.add(new Piece("h", h1, h2));
        }
        if (h2.isBefore(to)) {
            pieces.add(new Piece(null, h2, to));
        }
        return new Plan(pieces, watermark);
    }

    /**
     * The SQL: one SELECT per piece (cube rows or raw events), each grouped by the keys, UNION ALL. The caller has
     * bound its own parameters in {@code f} already; the cube/raw conditions are constant SQL or placeholders of f.
     */
    static String sql(SqlFilter f, Plan plan, OffsetDateTime from, OffsetDateTime to, String table, String cubeWhere,
            List<String> cubeKeys, String rawWhere, List<String> rawKeys, List<Measure> measures, List<Distinct> distincts, List<Top> tops) {
        List<String> parts = new ArrayList<>();
        Watermark w = plan.watermark();
        for (Piece p : plan.pieces()) {
            String a = f.bind(p.from());
            String b = f.bind(p.to());
            if (p.grain() != null) {
                String where = cubeWhere.replace(EVERY_SURFACE, p.grain().equals("d") ? "surface = '*'" : "true");
                parts.add(select(cubeKeys, measures, distincts, tops, true) + " FROM " + table + " WHERE grain = '" + p.grain() + "' AND bucket >= "
                        + a + " AND bucket < " + b + " AND " + where + group(cubeKeys));
            } else {
                if (p.subtract() && (!distincts.isEmpty() || !tops.isEmpty() || measures.stream().anyMatch(Measure::max))) {
                    throw new IllegalArgumentException("only sums can subtract raw events");
                }
                parts.add(select(rawKeys, measures, distincts, tops, false, p.subtract()) + " FROM analytics_events WHERE " + rawWhere + " AND " + ALL_TYPES
                        + " AND occurred_at >= " + a + " AND occurred_at < " + b + (w == null ? "" : " AND " + w.sql(true, f::bind)) + group(rawKeys));
            }
        }
        if (table != null && plan.pieces().stream().allMatch(p -> p.grain() == null)) {
            // the cube's condition was bound but no piece reads the cube: kept behind a constant false (planned as an empty
            // result, no table read) so that its parameters are typed; an unused parameter fails the prepare
            parts.add(select(cubeKeys, measures, distincts, tops, true) + " FROM " + table + " WHERE false AND "
                    + cubeWhere.replace(EVERY_SURFACE, "true") + group(cubeKeys));
        }
        if (w != null) {
            parts.add(select(rawKeys, measures, distincts, tops, false) + " FROM analytics_events WHERE " + rawWhere + " AND " + ALL_TYPES
                    + " AND occurred_at >= " + f.bind(from) + " AND occurred_at < " + f.bind(to) + " AND " + w.sql(false, f::bind) + group(rawKeys));
        }
        return String.join(" UNION ALL ", parts);
    }

    private static String select(List<String> keys, List<Measure> measures, List<Distinct> distincts, List<Top> tops, boolean cube) {
        return select(keys, measures, distincts, tops, cube, false);
    }

    private static String select(List<String> keys, List<Measure> measures, List<Distinct> distincts, List<Top> tops, boolean cube,
            boolean subtract) {
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(keys.get(i)).append(" AS k").append(i).append(", ");
        }
        for (Measure m : measures) {
            String expr = cube ? (m.max() ? "max(" : "sum(") + m.cube() + ")" : m.raw();
            sb.append(subtract ? "-" : "").append("coalesce((").append(expr).append(")::bigint, 0) AS ").append(m.name()).append(", ");
        }
        for (Distinct d : distincts) {
            if (cube) {
                sb.append("array_agg(").append(d.cubeColumn()).append(") FILTER (WHERE ").append(d.cubeColumn()).append(" IS NOT NULL) AS s_")
                        .append(d.name()).append(", NULL::bigint[] AS h_").append(d.name()).append(", ");
            } else {
                sb.append("NULL::bytea[] AS s_").append(d.name()).append(", array_agg(DISTINCT ").append(d.rawHash()).append(") FILTER (WHERE ")
                        .append(d.rawCondition()).append(") AS h_").append(d.name()).append(", ");
            }
        }
        for (Top t : tops) {
            sb.append(cube ? "array_agg(" + t.cubeColumn() + ") FILTER (WHERE " + t.cubeColumn() + " IS NOT NULL)" : "NULL::bytea[]").append(" AS t_")
                    .append(t.name()).append(", ");
        }
        sb.append("1 AS one");
        return sb.toString();
    }

    private static String group(List<String> keys) {
        if (keys.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" GROUP BY ");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(i + 1);
        }
        return sb.toString();
    }

    /** Runs the SQL and merges the rows per key (key = the k0… values), on a worker thread. */
    static Uni<Map<List<Object>, Acc>> run(SqlClient db, String sql, SqlFilter f, int keys, List<Measure> measures, List<Distinct> distincts,
            List<Top> tops) {
        return db.preparedQuery(sql).execute(f.tuple()).emitOn(Infrastructure.getDefaultWorkerPool()).map(rows -> {
            Map<List<Object>, Acc> out = new LinkedHashMap<>();
            for (Row r : rows) {
                Object[] k = new Object[keys];
                for (int i = 0; i < keys; i++) {
                    k[i] = r.getValue("k" + i);
                }
                Acc acc = out.computeIfAbsent(Arrays.asList(k), x -> new Acc(measures.size(), distincts.size(), tops));
                for (int i = 0; i < measures.size(); i++) {
                    long v = r.getLong(measures.get(i).name());
                    acc.values[i] = measures.get(i).max() ? Math.max(acc.values[i], v) : acc.values[i] + v;
                }
                for (int i = 0; i < distincts.size(); i++) {
                    Object sketches = r.getValue("s_" + distincts.get(i).name());
                    if (sketches instanceof Object[] arr) {
                        for (Object b : arr) {
                            acc.distinct[i].add(bytes(b));
                        }
                    }
                    Long[] hashes = r.getArrayOfLongs("h_" + distincts.get(i).name());
                    if (hashes != null) {
                        for (Long h : hashes) {
                            acc.distinct[i].add(h);
                        }
                    }
                }
                for (int i = 0; i < tops.size(); i++) {
                    if (r.getValue("t_" + tops.get(i).name()) instanceof Object[] arr) {
                        for (Object b : arr) {
                            acc.tops[i].add(bytes(b));
                        }
                    }
                }
            }
            return out;
        });
    }

    private static byte[] bytes(Object buffer) {
        if (buffer instanceof io.vertx.core.buffer.Buffer b) {
            return b.getBytes();
        }
        if (buffer instanceof io.vertx.mutiny.core.buffer.Buffer b) {
            return b.getBytes();
        }
        return null;
    }
}
