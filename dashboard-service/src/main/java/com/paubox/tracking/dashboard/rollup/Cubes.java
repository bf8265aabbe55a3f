package com.paubox.tracking.dashboard.rollup;

import static com.paubox.tracking.dashboard.rollup.SketchColumns.buffer;
import static com.paubox.tracking.dashboard.rollup.SketchColumns.items;
import static com.paubox.tracking.dashboard.rollup.SketchColumns.union;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.apache.datasketches.hll.HllSketch;

import com.paubox.tracking.dashboard.rollup.Fold.Cell;
import com.paubox.tracking.dashboard.rollup.Fold.Cell.Sketch;

import io.vertx.mutiny.sqlclient.Row;

/**
 * The rollup cubes (V31 and later), each defined once (see {@link Cube}); docs/dashboard.md lists what each serves.
 * Every key starts with (grain, bucket); the counters and sketches a cell holds are {@link Fold.Cell}'s.
 */
public final class Cubes {

    private Cubes() {
    }

    private static final String[] TIME_KEY_TYPES = { "char(1)", "timestamptz", "text" };

    private static final String[] COUNTER_COLS = { "page_views", "clicks", "login_successes", "login_failures", "visible_sum", "visible_n",
            "duration_sum", "duration_n", "last_seen" };

    private static final String[] COUNTER_TYPES = { "bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "timestamptz" };

    public static final Cube<Fold.TotalsKey> TOTALS = new Cube<>(RollupTable.TOTALS, Set.of(Grain.HOUR, Grain.DAY, Grain.WEEK),
            Set.of(Grain.DAY, Grain.WEEK),
            new Cube.Keys<>(new String[] { "grain", "bucket", "surface", "customer_id" }, concat(TIME_KEY_TYPES, "bigint"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.customerId() },
            r -> new Fold.TotalsKey(grain(r), bucket(r), r.getString("surface"), r.getLong("customer_id"))),
            new Cube.Measures(concat(COUNTER_COLS, "users", "visitors", "sessions"), concat(COUNTER_TYPES, "bytea", "bytea", "bytea"),
                    c -> counters(c, c.users, c.visitors, c.sessions), Cubes::addCounters),
            f -> f.totals);

    public static final Cube<Fold.PathKey> PATHS = new Cube<>(RollupTable.PATHS, Set.of(Grain.HOUR, Grain.DAY), Set.of(Grain.DAY),
            new Cube.Keys<>(new String[] { "grain", "bucket", "surface", "page_path" }, concat(TIME_KEY_TYPES, "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.pagePath() },
            r -> new Fold.PathKey(grain(r), bucket(r), r.getString("surface"), r.getString("page_path"))),
            new Cube.Measures(concat(COUNTER_COLS, "users", "visitors", "sessions", "viewers"), concat(COUNTER_TYPES, "bytea", "bytea", "bytea", "bytea"),
                    c -> counters(c, c.users, c.visitors, c.sessions, c.viewers), (c, r) -> {
                        addCounters(c, r);
                        union(c, Sketch.VIEWERS, r);
                    }),
            f -> f.paths);

    public static final Cube<Fold.SectionKey> SECTIONS = new Cube<>(RollupTable.SECTIONS, Set.of(Grain.HOUR, Grain.DAY), Set.of(Grain.DAY),
            new Cube.Keys<>(new String[] { "grain", "bucket", "surface", "section" }, concat(TIME_KEY_TYPES, "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.section() },
            r -> new Fold.SectionKey(grain(r), bucket(r), r.getString("surface"), r.getString("section"))),
            TOTALS.measures(), f -> f.sections);

    public static final Cube<Fold.LabelKey> LABELS = new Cube<>(RollupTable.LABELS, Set.of(Grain.HOUR, Grain.DAY), Set.of(Grain.HOUR, Grain.DAY),
            new Cube.Keys<>(new String[] { "grain", "bucket", "surface", "label" }, concat(TIME_KEY_TYPES, "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.label() },
            r -> new Fold.LabelKey(grain(r), bucket(r), r.getString("surface"), r.getString("label"))),
            new Cube.Measures(new String[] { "clicks", "users", "pages", "elements" }, new String[] { "bigint", "bytea", "bytea", "bytea" },
                    c -> new Object[] { c.clicks, buffer(Hll.bytes(c.users)), buffer(Items.bytes(c.pages)), buffer(Items.bytes(c.elements)) },
                    (c, r) -> {
                        c.clicks += r.getLong("clicks");
                        union(c, Sketch.USERS, r);
                        c.pages = items(c.pages, r, "pages", Items.PAGES);
                        c.elements = items(c.elements, r, "elements", Items.ELEMENTS);
                    }),
            f -> f.labels);

    public static final Cube<Fold.LabelPathKey> LABEL_PATHS = new Cube<>(RollupTable.LABEL_PATHS, Set.of(Grain.DAY), Set.of(),
            new Cube.Keys<>(new String[] { "grain", "bucket", "surface", "label", "page_path", "element" }, concat(TIME_KEY_TYPES, "text", "text", "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.label(), k.pagePath(), k.element() },
            r -> new Fold.LabelPathKey(grain(r), bucket(r), r.getString("surface"), r.getString("label"), r.getString("page_path"),
                    r.getString("element"))),
            new Cube.Measures(new String[] { "clicks", "users" }, new String[] { "bigint", "bytea" }, c -> new Object[] { c.clicks, buffer(Hll.bytes(c.users)) },
                    (c, r) -> {
                        c.clicks += r.getLong("clicks");
                        union(c, Sketch.USERS, r);
                    }),
            f -> f.labelPaths);

    public static final Cube<Fold.LabelSectionKey> LABEL_SECTIONS = new Cube<>(RollupTable.LABEL_SECTIONS, Set.of(Grain.DAY), Set.of(),
            new Cube.Keys<>(new String[] { "grain", "bucket", "surface", "label", "section" }, concat(TIME_KEY_TYPES, "text", "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.label(), k.section() },
            r -> new Fold.LabelSectionKey(grain(r), bucket(r), r.getString("surface"), r.getString("label"), r.getString("section"))),
            LABELS.measures(), f -> f.labelSections);

    public static final Cube<Fold.CustomerSectionKey> CUSTOMER_SECTIONS = new Cube<>(RollupTable.CUSTOMER_SECTIONS, Set.of(Grain.DAY), Set.of(),
            new Cube.Keys<>(new String[] { "grain", "bucket", "surface", "section", "customer_id" }, concat(TIME_KEY_TYPES, "text", "bigint"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.section(), k.customerId() },
            r -> new Fold.CustomerSectionKey(grain(r), bucket(r), r.getString("surface"), r.getString("section"), r.getLong("customer_id"))),
            new Cube.Measures(new String[] { "page_views", "events", "last_seen", "users", "sessions" },
                    new String[] { "bigint", "bigint", "timestamptz", "bytea", "bytea" },
                    c -> new Object[] { c.pageViews, c.events, c.lastSeen(), buffer(Hll.bytes(c.users)), buffer(Hll.bytes(c.sessions)) }, (c, r) -> {
                        c.pageViews += r.getLong("page_views");
                        c.events += r.getLong("events");
                        c.seen(r.getOffsetDateTime("last_seen"));
                        union(c, Sketch.USERS, r);
                        union(c, Sketch.SESSIONS, r);
                    }),
            f -> f.customerSections);

    public static final Cube<Fold.OutcomeKey> OUTCOMES = new Cube<>(RollupTable.OUTCOMES, Set.of(Grain.HOUR, Grain.DAY), Set.of(),
            new Cube.Keys<>(new String[] { "grain", "bucket", "surface", "page_path", "error_code", "geo_country", "geo_region", "geo_city", "browser", "os",
                "device_type" },
            concat(TIME_KEY_TYPES, "text", "text", "text", "text", "text", "text", "text", "text"),
            k -> new Object[] { k.grain().code(), k.bucket(), k.surface(), k.pagePath(), k.errorCode(), k.geoCountry(), k.geoRegion(), k.geoCity(),
                k.browser(), k.os(), k.deviceType() },
            r -> new Fold.OutcomeKey(grain(r), bucket(r), r.getString("surface"), r.getString("page_path"), r.getString("error_code"),
                    r.getString("geo_country"), r.getString("geo_region"), r.getString("geo_city"), r.getString("browser"), r.getString("os"),
                    r.getString("device_type"))),
            new Cube.Measures(new String[] { "successes", "failures", "users" }, new String[] { "bigint", "bigint", "bytea" },
                    c -> new Object[] { c.loginSuccesses, c.loginFailures, buffer(Hll.bytes(c.users)) }, (c, r) -> {
                        c.loginSuccesses += r.getLong("successes");
                        c.loginFailures += r.getLong("failures");
                        union(c, Sketch.USERS, r);
                    }),
            f -> f.outcomes);

    /** Every cube, in the order a window stores them. */
    public static final List<Cube<?>> ALL = List.of(TOTALS, PATHS, SECTIONS, LABELS, LABEL_PATHS, LABEL_SECTIONS, CUSTOMER_SECTIONS, OUTCOMES);

    /** Their tables' names (retention and a reset empty them by bucket or whole). */
    public static List<String> tableNames() {
        return ALL.stream().map(Cube::tableName).toList();
    }

    private static Grain grain(Row r) {
        return Grain.of(r.getString("grain"));
    }

    /** A stored bucket as the fold's keys hold it (UTC: an OffsetDateTime equals another only at the same offset). */
    private static OffsetDateTime bucket(Row r) {
        return r.getOffsetDateTime("bucket").withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static Object[] counters(Cell c, HllSketch... sketches) {
        Object[] out = new Object[9 + sketches.length];
        Object[] base = { c.pageViews, c.clicks, c.loginSuccesses, c.loginFailures, c.visibleSum, c.visibleN, c.durationSum, c.durationN,
                c.lastSeen() };
        System.arraycopy(base, 0, out, 0, 9);
        for (int i = 0; i < sketches.length; i++) {
            out[9 + i] = buffer(Hll.bytes(sketches[i]));
        }
        return out;
    }

    private static void addCounters(Cell c, Row r) {
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

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
