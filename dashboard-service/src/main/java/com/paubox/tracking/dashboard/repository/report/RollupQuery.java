package com.paubox.tracking.dashboard.repository.report;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Distinct;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Measure;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Top;
import com.paubox.tracking.dashboard.repository.report.Plan.Piece;
import com.paubox.tracking.dashboard.rollup.Grain;
import com.paubox.tracking.dashboard.rollup.Hll;
import com.paubox.tracking.dashboard.rollup.Items;
import com.paubox.tracking.dashboard.rollup.Watermark;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * One aggregation over a time range, read from a rollup cube where it covers the range and from raw events where
 * it does not (see {@link Plan#of}); both parts are grouped by the same keys in SQL and merged per key in Java:
 * counters are summed (or maxed), distinct values are unions of the cube rows' HLL sketches and of the raw events'
 * hashes. The merge runs on a worker thread (sketch unions can take milliseconds).
 */
final class RollupQuery {

    /**
     * A cube condition for "every surface" where day (and week) rows have a '*' surface and hour rows do not: correct as SQL, and
     * each piece replaces it with its grain's own condition, so PostgreSQL sees {@code surface = '*'} as an index condition.
     */
    static final String EVERY_SURFACE = "(grain = " + Grain.HOUR.sql() + " OR surface = '*')";

    static final String ALL_TYPES = RollupRepository.ALL_TYPES;

    /**
     * Per key: the counters and the running unions, read by the {@link Measure}, {@link Distinct} or {@link Top} they belong
     * to (never by position: reordering an aggregation's lists cannot swap figures).
     */
    static final class Acc {
        private final Aggregation aggregation;
        private final long[] values;
        private final Hll.Merge[] distinct;
        private final Items.Merge[] tops;

        /** Empty: no row merged yet (every counter 0, every union empty). */
        Acc(Aggregation aggregation) {
            this.aggregation = aggregation;
            values = new long[aggregation.measures().size()];
            distinct = new Hll.Merge[aggregation.distincts().size()];
            for (int i = 0; i < distinct.length; i++) {
                distinct[i] = new Hll.Merge();
            }
            List<Top> list = aggregation.tops();
            tops = new Items.Merge[list.size()];
            for (int i = 0; i < tops.length; i++) {
                tops[i] = new Items.Merge(list.get(i).mapSize());
            }
        }

        long value(Measure m) {
            return values[index(aggregation.measures(), m)];
        }

        Hll.Merge distinct(Distinct d) {
            return distinct[index(aggregation.distincts(), d)];
        }

        Items.Merge top(Top t) {
            return tops[index(aggregation.tops(), t)];
        }

        private static int index(List<?> list, Object item) {
            int i = list.indexOf(item);
            if (i < 0) {
                throw new IllegalArgumentException(item + " is not in this aggregation");
            }
            return i;
        }
    }

    private RollupQuery() {
    }

    /**
     * The SQL: one SELECT per piece (cube rows or raw events), each grouped by the keys, UNION ALL. The caller has
     * bound its own parameters in {@code f} already; the cube/raw conditions are constant SQL or placeholders of f.
     */
    static String sql(SqlFilter f, Plan plan, OffsetDateTime from, OffsetDateTime to, Aggregation a) {
        CubeSource cube = a.cube();
        List<String> parts = new ArrayList<>();
        Watermark w = plan.watermark();
        for (Piece p : plan.pieces()) {
            String lo = f.bind(p.from());
            String hi = f.bind(p.to());
            if (p.grain() != null) {
                String where = cube.where().replace(EVERY_SURFACE, p.grain() == Grain.HOUR ? "true" : "surface = '*'");
                parts.add(select(a, true, false) + " FROM " + cube.table().tableName() + " WHERE grain = " + p.grain().sql() + " AND bucket >= "
                        + lo + " AND bucket < " + hi + " AND " + where + group(a.cubeKeys()));
            } else {
                if (p.subtract() && (!a.distincts().isEmpty() || !a.tops().isEmpty() || a.measures().stream().anyMatch(Measure::max))) {
                    throw new IllegalArgumentException("only sums can subtract raw events");
                }
                parts.add(select(a, false, p.subtract()) + " FROM analytics_events WHERE " + a.rawWhere() + " AND " + ALL_TYPES
                        + " AND occurred_at >= " + lo + " AND occurred_at < " + hi + (w == null ? "" : " AND " + w.sql(true, f::bind))
                        + group(a.rawKeys()));
            }
        }
        if (cube != null && plan.pieces().stream().allMatch(p -> p.grain() == null)) {
            // the cube's condition was bound but no piece reads the cube: kept behind a constant false (planned as an empty
            // result, no table read) so that its parameters are typed; an unused parameter fails the prepare
            parts.add(select(a, true, false) + " FROM " + cube.table().tableName() + " WHERE false AND "
                    + cube.where().replace(EVERY_SURFACE, "true") + group(a.cubeKeys()));
        }
        if (w != null) {
            parts.add(select(a, false, false) + " FROM analytics_events WHERE " + a.rawWhere() + " AND " + ALL_TYPES
                    + " AND occurred_at >= " + f.bind(from) + " AND occurred_at < " + f.bind(to) + " AND " + w.sql(false, f::bind)
                    + group(a.rawKeys()));
        }
        return String.join(" UNION ALL ", parts);
    }

    private static String select(Aggregation a, boolean cube, boolean subtract) {
        List<String> keys = cube ? a.cubeKeys() : a.rawKeys();
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < keys.size(); i++) {
            sb.append(keys.get(i)).append(" AS k").append(i).append(", ");
        }
        for (Measure m : a.measures()) {
            String expr = cube ? (m.max() ? "max(" : "sum(") + m.cube() + ")" : m.raw();
            sb.append(subtract ? "-" : "").append("coalesce((").append(expr).append(")::bigint, 0) AS ").append(m.name()).append(", ");
        }
        for (Distinct d : a.distincts()) {
            if (cube) {
                sb.append("array_agg(").append(d.cubeColumn()).append(") FILTER (WHERE ").append(d.cubeColumn()).append(" IS NOT NULL) AS s_")
                        .append(d.name()).append(", NULL::bigint[] AS h_").append(d.name()).append(", ");
            } else {
                sb.append("NULL::bytea[] AS s_").append(d.name()).append(", array_agg(DISTINCT ").append(d.rawHash()).append(") FILTER (WHERE ")
                        .append(d.rawCondition()).append(") AS h_").append(d.name()).append(", ");
            }
        }
        for (Top t : a.tops()) {
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
    static Uni<Map<List<Object>, Acc>> run(SqlClient db, String sql, SqlFilter f, Aggregation a) {
        int keys = a.cubeKeys().size();
        List<Measure> measures = a.measures();
        List<Distinct> distincts = a.distincts();
        List<Top> tops = a.tops();
        return db.preparedQuery(sql).execute(f.tuple()).emitOn(Infrastructure.getDefaultWorkerPool()).map(rows -> {
            Map<List<Object>, Acc> out = new LinkedHashMap<>();
            for (Row r : rows) {
                Object[] k = new Object[keys];
                for (int i = 0; i < keys; i++) {
                    k[i] = r.getValue("k" + i);
                }
                Acc acc = out.computeIfAbsent(Arrays.asList(k), x -> new Acc(a));
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
