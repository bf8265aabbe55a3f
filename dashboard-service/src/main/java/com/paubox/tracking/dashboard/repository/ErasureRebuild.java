package com.paubox.tracking.dashboard.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.paubox.tracking.dashboard.rollup.Cube;
import com.paubox.tracking.dashboard.rollup.Cubes;
import com.paubox.tracking.dashboard.rollup.Fold;
import com.paubox.tracking.dashboard.rollup.Fold.Cell;
import com.paubox.tracking.dashboard.rollup.Grain;
import com.paubox.tracking.dashboard.rollup.Items;
import com.paubox.tracking.dashboard.rollup.Section;
import com.paubox.tracking.dashboard.rollup.SketchColumns;
import com.paubox.tracking.dashboard.rollup.Watermark;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Erasure's rollup rebuild (issue 26), bounded by what the erased subject touched rather than by the days they were
 * active: a sketch cannot forget a value, so every cube row the subject's folded events reached ({@code touched}, a
 * fold of those events) is rebuilt from what remains, each from the cheapest exact source:
 * <ul>
 * <li>hour rows: a refold of the remaining events of the subject's hours that a touched hour row holds — of the
 * subject's surfaces in that hour, and the clicks of its labels (the labels' every-surface hour rows) — read by a
 * cursor, so only an hour's cells are in memory, never its events; the same read gives /retention's erasure what
 * remains of the subject's browsers in those hours;
 * <li>day rows of the cubes with hour rows: the merge of that day's rebuilt hour rows (counters summed, sketches
 * unioned — the same sketch a fold of the day builds; a '*' day row merges every surface's hour rows); the
 * per-customer week rows (V45), the merge of their week's rebuilt day rows;
 * <li>per-(customer, section) day rows: a refold of those customers' remaining events ((customer, time) index);
 * <li>per-(label, path, tag) day rows: a refold of the remaining clicks on those paths ((path, time) index);
 * <li>per-(label, section) day rows: the merge of the rebuilt per-(label, path, tag) rows of the section.
 * </ul>
 * A rebuilt key with no event left is deleted. Runs inside the erasure's transaction, under the rollup lock.
 */
final class ErasureRebuild {

    private ErasureRebuild() {
    }

    /** The cubes with hour rows: their day rows (and week rows) are the merge of those. */
    private static final List<Cube<?>> HOUR_BACKED = Cubes.ALL.stream().filter(c -> c.grains().contains(Grain.HOUR)).toList();

    /**
     * Whether a cube's every-surface ('*') day rows merge every surface's hour rows: it has '*' day rows and no '*' hour
     * rows of its own (the labels have those).
     */
    private static boolean starFromSurfaces(Cube<?> cube) {
        return cube.everySurface().contains(Grain.DAY) && !cube.everySurface().contains(Grain.HOUR);
    }

    /**
     * Rebuilds the touched rows; answers what remains, in the refolded hours, of the {@code browsers} (anon ids of the
     * subject's folded events) at any level — /retention's hourly activity of them ({@link RetentionErasure}).
     */
    static Uni<Set<RetentionErasure.BrowserHour>> run(SqlConnection conn, Fold touched, Set<UUID> browsers, Watermark watermark) {
        // every event has a totals cell: their hour cells are the subject's hours, and its surfaces in each
        Map<OffsetDateTime, Set<String>> surfaces = new TreeMap<>();
        touched.totals.keySet().stream().filter(k -> k.grain() == Grain.HOUR)
                .forEach(k -> surfaces.computeIfAbsent(k.bucket(), h -> new TreeSet<>()).add(k.surface()));
        Set<RetentionErasure.BrowserHour> remaining = ConcurrentHashMap.newKeySet();
        if (surfaces.isEmpty()) {
            return Uni.createFrom().item(remaining);
        }
        Map<OffsetDateTime, Set<String>> labels = new HashMap<>();
        touched.labels.keySet().stream().filter(k -> k.grain() == Grain.HOUR && k.surface().equals("*"))
                .forEach(k -> labels.computeIfAbsent(k.bucket(), h -> new TreeSet<>()).add(k.label()));
        Map<Cube<?>, Map<Object, Cell>> rebuiltHours = new HashMap<>();
        // two hours in flight: PostgreSQL reads the next while a worker folds this one (each an hour's cells and one chunk of its events)
        Uni<Void> chain = Multi.createFrom().iterable(surfaces.entrySet())
                .onItem().transformToUni(hour -> remainingOfHour(conn, hour.getKey(), hour.getValue(), labels.getOrDefault(hour.getKey(), Set.of()),
                        browsers, watermark, remaining).invoke(fold -> {
                            synchronized (rebuiltHours) {
                                HOUR_BACKED.forEach(c -> keep(c, fold, touched, rebuiltHours.computeIfAbsent(c, k -> new HashMap<>())));
                            }
                        }))
                .merge(2).collect().last().replaceWithVoid();
        for (Cube<?> c : HOUR_BACKED) {
            chain = chain.flatMap(x -> replaceHoursThenDays(conn, c, touched, rebuiltHours.getOrDefault(c, Map.of())));
        }
        Set<Fold.CustomerSectionKey> customerKeys = touched.customerSections.keySet();
        Set<Fold.LabelPathKey> pathKeys = touched.labelPaths.keySet();
        if (!customerKeys.isEmpty()) {
            List<Fold.CustomerSectionKey> pairs = customerKeys.stream()
                    .filter(distinctBy(k -> List.of(k.customerId(), k.bucket()))).toList();
            Uni<Fold> customerDays = remainingOfDays(conn, "customer_id", "true", pairs.stream().map(Fold.CustomerSectionKey::customerId)
                    .toArray(Long[]::new), "bigint", pairs.stream().map(Fold.CustomerSectionKey::bucket).toArray(OffsetDateTime[]::new), watermark,
                    Fold::addCustomerSection);
            chain = chain.flatMap(x -> customerDays).flatMap(fold -> replace(conn, Cubes.CUSTOMER_SECTIONS, customerKeys, fold.customerSections));
        }
        if (!pathKeys.isEmpty()) {
            List<Fold.LabelPathKey> pairs = pathKeys.stream().filter(distinctBy(k -> List.of(k.pagePath(), k.bucket()))).toList();
            Uni<Fold> pathDays = remainingOfDays(conn, "page_path", "type = 'click'", pairs.stream().map(Fold.LabelPathKey::pagePath)
                    .toArray(String[]::new), "text", pairs.stream().map(Fold.LabelPathKey::bucket).toArray(OffsetDateTime[]::new), watermark,
                    Fold::addLabelPath);
            chain = chain.flatMap(x -> pathDays).flatMap(fold -> replace(conn, Cubes.LABEL_PATHS, pathKeys, fold.labelPaths))
                    .flatMap(x -> labelSections(conn, touched.labelSections.keySet()));
        }
        return chain.map(x -> remaining);
    }

    /** A filter keeping the first element of each distinct {@code key}. */
    private static <T> java.util.function.Predicate<T> distinctBy(Function<T, Object> key) {
        Set<Object> seen = new java.util.HashSet<>();
        return t -> seen.add(key.apply(t));
    }

    /**
     * The remaining folded events of one UTC hour that a touched hour row holds: those of the subject's surfaces then,
     * and the clicks of its labels (label rows have every-surface hour rows); plus any of the subject's browsers', which
     * {@code remaining} records. Every type is named so the (type, occurred_at) index answers it — the only index with
     * the time alone: without it each hour was a scan of its month's partition (88 s for 120 hours at 10 M events).
     */
    private static Uni<Fold> remainingOfHour(SqlConnection conn, OffsetDateTime hour, Set<String> surfaces, Set<String> labels, Set<UUID> browsers,
            Watermark watermark, Set<RetentionErasure.BrowserHour> remaining) {
        SqlFilter f = SqlFilter.none();
        String sql = "SELECT anon_id, " + RollupRepository.EVENT_COLUMNS + " FROM analytics_events WHERE " + RollupRepository.ALL_TYPES
                + " AND occurred_at >= " + f.bind(hour) + " AND occurred_at < " + f.bind(hour.plusHours(1)) + " AND " + watermark.sql(true, f::bind)
                + " AND (surface = ANY(" + f.bind(surfaces.toArray(String[]::new)) + "::text[]) OR anon_id = ANY(" + f.bind(browsers.toArray(UUID[]::new))
                + "::uuid[]) OR type = 'click' AND coalesce(label, '') = ANY(" + f.bind(labels.toArray(String[]::new)) + "::text[]))";
        Fold fold = new Fold(true);
        return RollupRepository.readRows(conn, sql, f.tuple(), r -> {
            Fold.Event e = RollupRepository.event(r);
            UUID anon = r.getUUID("anon_id");
            if (browsers.contains(anon)) {
                remaining.add(new RetentionErasure.BrowserHour(anon, e.customerId(), e.surface(), hour));
            }
            if (surfaces.contains(e.surface()) || e.type().equals("click") && labels.contains(e.label())) {
                fold.add(e);
            }
            return true;
        }).map(x -> fold);
    }

    /**
     * The remaining folded events of each (key, UTC day) pair — {@code column} = the key ({@code keyType}), and
     * {@code condition} — by one index seek per pair ((customer, time) or (path, time)): only those days of those keys,
     * each {@code add}ed to the one cube rebuilt from them. Read by a cursor: a popular path's clicks of a month are
     * hundreds of thousands of rows, more than the shipped heap holds at once.
     */
    private static Uni<Fold> remainingOfDays(SqlConnection conn, String column, String condition, Object[] keys, String keyType,
            OffsetDateTime[] days, Watermark watermark, BiConsumer<Fold, Fold.Event> add) {
        SqlFilter f = SqlFilter.none();
        String pairs = "unnest(" + f.bind(keys) + "::" + keyType + "[], " + f.bind(days) + "::timestamptz[]) AS k(pair_key, pair_day)";
        String sql = "SELECT e.* FROM " + pairs + " CROSS JOIN LATERAL (SELECT " + RollupRepository.EVENT_COLUMNS + " FROM analytics_events WHERE "
                + column + " = k.pair_key AND occurred_at >= k.pair_day AND occurred_at < k.pair_day + interval '1 day' AND " + condition
                + " AND " + watermark.sql(true, f::bind) + ") e";
        Fold fold = new Fold();
        return RollupRepository.foldAll(conn, sql, f.tuple(), e -> add.accept(fold, e)).map(x -> fold);
    }

    /** Adds to {@code into} the hour cells of {@code rebuilt} whose keys the subject touched. */
    private static <K extends Fold.Key> void keep(Cube<K> cube, Fold rebuilt, Fold touched, Map<Object, Cell> into) {
        Map<K, Cell> cells = cube.cells().apply(rebuilt);
        cube.cells().apply(touched).keySet().forEach(k -> {
            Cell c = cells.get(k);
            if (c != null && k.grain() == Grain.HOUR) {
                into.put(k, c);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <K extends Fold.Key> Uni<Void> replaceHoursThenDays(SqlConnection conn, Cube<K> c, Fold touched, Map<Object, Cell> rebuiltHours) {
        Set<K> all = c.cells().apply(touched).keySet();
        List<K> hourKeys = all.stream().filter(k -> k.grain() == Grain.HOUR).toList();
        List<K> dayKeys = all.stream().filter(k -> k.grain() == Grain.DAY).toList();
        List<K> weekKeys = all.stream().filter(k -> k.grain() == Grain.WEEK).toList();
        return replace(conn, c, hourKeys, (Map<K, Cell>) (Map<?, Cell>) rebuiltHours)
                .flatMap(x -> coarserRows(conn, c, dayKeys, Grain.HOUR, Grain.DAY, starFromSurfaces(c))).flatMap(days -> replace(conn, c, dayKeys, days))
                .flatMap(x -> coarserRows(conn, c, weekKeys, Grain.DAY, Grain.WEEK, false)).flatMap(weeks -> replace(conn, c, weekKeys, weeks));
    }

    /**
     * The per-customer week rows of {@code keys} (V45) as the merge of their week's day rows, which must be complete:
     * after an erasure's day rows are rebuilt, and for the week rows of events folded before week rows were (V45's backfill).
     */
    static Uni<Void> weekRows(SqlConnection conn, List<Fold.TotalsKey> keys) {
        return coarserRows(conn, Cubes.TOTALS, keys, Grain.DAY, Grain.WEEK, false).flatMap(weeks -> replace(conn, Cubes.TOTALS, keys, weeks));
    }

    /**
     * The rows of {@code keys} (of grain {@code coarse}: day or week rows) as the merge of the finer rows of their span
     * (already rebuilt): the key with grain {@code fine}, the bucket within the span and, with {@code starFromSurfaces} (a '*' day row of a
     * cube that has no '*' hour rows), any surface.
     */
    private static <K extends Fold.Key> Uni<Map<K, Cell>> coarserRows(SqlConnection conn, Cube<K> cube, List<K> keys, Grain fine, Grain coarse,
            boolean starFromSurfaces) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] cols = cube.keyCols();
        StringBuilder unnest = new StringBuilder();
        StringBuilder on = new StringBuilder("t.grain = " + fine.sql() + " AND t.bucket >= k.bucket AND t.bucket < k.bucket + interval '" + coarse.span() + "'");
        for (int i = 1; i < cols.length; i++) {
            unnest.append(i == 1 ? "" : ", ").append('$').append(i).append("::").append(cube.keyTypes()[i]).append("[]");
            if (cols[i].equals("surface")) {
                on.append(starFromSurfaces ? " AND (k.surface = '*' OR t.surface = k.surface)" : " AND t.surface = k.surface");
            } else if (!cols[i].equals("bucket")) {
                on.append(" AND t.").append(cols[i]).append(" = k.").append(cols[i]);
            }
        }
        Object[][] params = RollupRepository.columns(keys.size(), cols.length, i -> cube.key().apply(keys.get(i)), cube.keyTypes());
        List<Object> bound = new ArrayList<>(java.util.Arrays.asList((Object[]) params).subList(1, cols.length));
        String sql = "SELECT k.i, t.* FROM unnest(" + unnest + ") WITH ORDINALITY AS k(" + String.join(", ", List.of(cols).subList(1, cols.length))
                + ", i) JOIN " + cube.tableName() + " t ON " + on;
        return conn.preparedQuery(sql).execute(Tuple.from(bound)).emitOn(Infrastructure.getDefaultWorkerPool()).map(rows -> {
            Map<K, Cell> out = new HashMap<>();
            for (Row r : rows) {
                cube.addStored().accept(out.computeIfAbsent(keys.get(r.getLong("i").intValue() - 1), k -> new Cell().deferringUnions()), r);
            }
            out.values().forEach(Cell::settle);
            return out;
        });
    }

    /**
     * The per-(label, section) day rows from the per-(label, path, tag) rows of their day, surface, label and section
     * (rebuilt already): clicks summed, users unioned, the pages' and tags' counts added to the frequent-items sketches.
     */
    private static Uni<Void> labelSections(SqlConnection conn, Set<Fold.LabelSectionKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Fold.LabelSectionKey> list = new ArrayList<>(keys);
        int n = list.size();
        OffsetDateTime[] bucket = new OffsetDateTime[n];
        String[] surface = new String[n];
        String[] label = new String[n];
        String[] from = new String[n];
        String[] until = new String[n];
        for (int i = 0; i < n; i++) {
            Fold.LabelSectionKey k = list.get(i);
            bucket[i] = k.bucket();
            surface[i] = k.surface();
            label[i] = k.label();
            from[i] = k.section();
            until[i] = SqlFilter.upperBound(k.section());
        }
        // the section's byte-order range seeks the rows' key (grain, page_path, …); paths of other sections in it are skipped below
        String sql = "SELECT k.i, t.page_path, t.element, t.clicks, t.users FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[],"
                + " $5::text[]) WITH ORDINALITY AS k(bucket, surface, label, p0, p1, i) JOIN " + Cubes.LABEL_PATHS.tableName()
                + " t ON t.grain = " + Grain.DAY.sql() + " AND t.page_path >= k.p0 AND (k.p1 IS NULL OR t.page_path < k.p1) AND t.surface = k.surface"
                + " AND t.bucket = k.bucket AND t.label = k.label";
        return conn.preparedQuery(sql).execute(Tuple.of(bucket, surface, label, from, until)).emitOn(Infrastructure.getDefaultWorkerPool())
                .map(rows -> {
                    Map<Fold.LabelSectionKey, Cell> out = new HashMap<>();
                    for (Row r : rows) {
                        Fold.LabelSectionKey key = list.get(r.getLong("i").intValue() - 1);
                        String path = r.getString("page_path");
                        if (!Section.of(path).equals(key.section())) {
                            continue;
                        }
                        Cell cell = out.computeIfAbsent(key, k -> new Cell());
                        long clicks = r.getLong("clicks");
                        cell.clicks += clicks;
                        cell.users = SketchColumns.union(cell.users, r, "users");
                        if (cell.pages == null) {
                            cell.pages = Items.sketch(Items.PAGES);
                        }
                        cell.pages.update(path, clicks);
                        if (!r.getString("element").isEmpty()) {
                            if (cell.elements == null) {
                                cell.elements = Items.sketch(Items.ELEMENTS);
                            }
                            cell.elements.update(r.getString("element"), clicks);
                        }
                    }
                    return out;
                }).flatMap(cells -> replace(conn, Cubes.LABEL_SECTIONS, keys, cells));
    }

    /** Deletes the rows of {@code keys}, then stores the rebuilt cells among them (a key with none stays deleted). */
    private static <K extends Fold.Key> Uni<Void> replace(SqlConnection conn, Cube<K> cube, java.util.Collection<K> keys, Map<K, Cell> rebuilt) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<K> list = new ArrayList<>(new LinkedHashSet<>(keys));
        String[] cols = cube.keyCols();
        StringBuilder unnest = new StringBuilder();
        StringBuilder on = new StringBuilder();
        for (int i = 0; i < cols.length; i++) {
            unnest.append(i == 0 ? "" : ", ").append('$').append(i + 1).append("::").append(cube.keyTypes()[i]).append("[]");
            on.append(i == 0 ? "" : " AND ").append("t.").append(cols[i]).append(" = k.").append(cols[i]);
        }
        Object[][] params = RollupRepository.columns(list.size(), cols.length, i -> cube.key().apply(list.get(i)), cube.keyTypes());
        Map<K, Cell> kept = new HashMap<>();
        list.forEach(k -> {
            Cell c = rebuilt.get(k);
            if (c != null) {
                kept.put(k, c);
            }
        });
        return conn.preparedQuery("DELETE FROM " + cube.tableName() + " t USING unnest(" + unnest + ") AS k(" + String.join(", ", cols) + ") WHERE " + on)
                .execute(Tuple.from(java.util.Arrays.asList((Object[]) params))).flatMap(x -> RollupRepository.merge(conn, cube, kept));
    }
}
