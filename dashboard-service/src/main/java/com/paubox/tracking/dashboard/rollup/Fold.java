package com.paubox.tracking.dashboard.rollup;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;

/**
 * Folds stored events into the cells of the rollup cubes (V31/V32), in memory: every event adds to its
 * {@link Grain#HOUR} and {@link Grain#DAY} cell of each cube. Pure Java, no I/O; the caller merges the cells into the stored rows.
 */
public class Fold {

    /** One event as the fold reads it (hashes from PostgreSQL; '' / 0 for a missing key value). */
    public record Event(OffsetDateTime occurredAt, String type, String surface, long customerId, String pagePath, String label,
            String element, String userSub, UUID sessionId, Long userHash, long visitorHash, long sessionHash, Integer visibleMs,
            Integer durationMs, String errorCode, String geoCountry, String geoRegion, String geoCity, String browser, String os,
            String deviceType) {
    }

    /** A cube cell's key: its grain and bucket, then the cube's own key values. */
    public interface Key {
        Grain grain();

        OffsetDateTime bucket();
    }

    /** surface '*' (day and week grains only) = every surface; {@link Grain#WEEK}: only '*' rows of a customer. */
    public record TotalsKey(Grain grain, OffsetDateTime bucket, String surface, long customerId) implements Key {
    }

    /** surface '*' (day grain only) = every surface. */
    public record PathKey(Grain grain, OffsetDateTime bucket, String surface, String pagePath) implements Key {
    }

    /** surface '*' (day grain only) = every surface; section: {@link Section#of}. */
    public record SectionKey(Grain grain, OffsetDateTime bucket, String surface, String section) implements Key {
    }

    /** surface '*' = every surface. */
    public record LabelKey(Grain grain, OffsetDateTime bucket, String surface, String label) implements Key {
    }

    /** Day grain only; element '' = none. */
    public record LabelPathKey(Grain grain, OffsetDateTime bucket, String surface, String label, String pagePath, String element) implements Key {
    }

    /** Day grain only; section: {@link Section#of}. */
    public record LabelSectionKey(Grain grain, OffsetDateTime bucket, String surface, String label, String section) implements Key {
    }

    /** Day grain only; events with a customer; section: {@link Section#of}. */
    public record CustomerSectionKey(Grain grain, OffsetDateTime bucket, String surface, String section, long customerId) implements Key {
    }

    public record OutcomeKey(Grain grain, OffsetDateTime bucket, String surface, String pagePath, String errorCode, String geoCountry,
            String geoRegion, String geoCity, String browser, String os, String deviceType) implements Key {
    }

    /**
     * sample = the user's hash & 1023 (a consistent sample of users for /sessions' distribution); the fold keeps with
     * each the sections ({@link Section}) of its events, for a path prefix.
     */
    public record UserSession(OffsetDateTime hour, String surface, long customerId, String userSub, UUID sessionId, int sample) {
    }

    /** Counters and sketches of one cube row; a sketch is null until a value arrives. */
    public static final class Cell {
        public long pageViews;
        /** Every event (customer sections only: whether a customer had any event in a piece of a range). */
        public long events;
        public long clicks;
        public long loginSuccesses;
        public long loginFailures;
        public long visibleSum;
        public long visibleN;
        public long durationSum;
        public long durationN;
        /** The last event's time in epoch microseconds (a timestamptz's precision), {@link Long#MIN_VALUE} before any: a long, not a retained OffsetDateTime per cell. */
        private long lastSeenMicros = Long.MIN_VALUE;
        public HllSketch users;
        public HllSketch visitors;
        public HllSketch sessions;
        public HllSketch viewers;
        public ItemsSketch<String> pages;
        public ItemsSketch<String> elements;

        void add(Event e, boolean viewers) {
            switch (e.type()) {
                case "page_view" -> pageViews++;
                case "click" -> clicks++;
                case "login_success" -> loginSuccesses++;
                case "login_failure" -> loginFailures++;
                case "time_on_page" -> {
                    if (e.visibleMs() != null) {
                        visibleSum += e.visibleMs();
                        visibleN++;
                    }
                    if (e.durationMs() != null) {
                        durationSum += e.durationMs();
                        durationN++;
                    }
                }
                default -> { }
            }
            seen(e.occurredAt());
            visitors = update(visitors, e.visitorHash());
            sessions = update(sessions, e.sessionHash());
            if (e.userHash() != null) {
                users = update(users, e.userHash());
                if (viewers && e.type().equals("page_view")) {
                    this.viewers = update(this.viewers, e.userHash());
                }
            }
        }

        void addClick(Event e, boolean withItems) {
            clicks++;
            if (e.userHash() != null) {
                users = update(users, e.userHash());
            }
            if (withItems) {
                if (pages == null) {
                    pages = Items.sketch(Items.PAGES);
                }
                pages.update(e.pagePath());
                if (!e.element().isEmpty()) {
                    if (elements == null) {
                        elements = Items.sketch(Items.ELEMENTS);
                    }
                    elements.update(e.element());
                }
            }
        }

        /** The HLL sketch columns of the cubes. */
        public enum Sketch {
            USERS("users"), VISITORS("visitors"), SESSIONS("sessions"), VIEWERS("viewers");

            public final String column;

            Sketch(String column) {
                this.column = column;
            }
        }

        /** Stored sketches still to be unioned into this cell (see {@link #deferringUnions}); null: unioned one by one. */
        private Map<Sketch, Hll.Merge> pendingUnions;

        /**
         * For a cell made of many stored rows (erasure's day rows from 24–96 hour rows, week rows from day rows): each
         * sketch column is unioned once, in {@link #settle}, instead of one union per row (each a new 4 KB union and a copy).
         */
        public Cell deferringUnions() {
            pendingUnions = new java.util.EnumMap<>(Sketch.class);
            return this;
        }

        public boolean defersUnions() {
            return pendingUnions != null;
        }

        public void unionLater(Sketch s, byte[] serialized) {
            pendingUnions.computeIfAbsent(s, k -> new Hll.Merge()).add(serialized);
        }

        /** Applies the deferred unions; the cell then holds its sketches like any other. */
        public Cell settle() {
            if (pendingUnions != null) {
                pendingUnions.forEach((s, m) -> {
                    m.add(get(s));
                    set(s, m.result());
                });
                pendingUnions = null;
            }
            return this;
        }

        public HllSketch get(Sketch s) {
            return switch (s) {
                case USERS -> users;
                case VISITORS -> visitors;
                case SESSIONS -> sessions;
                case VIEWERS -> viewers;
            };
        }

        public void set(Sketch s, HllSketch sketch) {
            switch (s) {
                case USERS -> users = sketch;
                case VISITORS -> visitors = sketch;
                case SESSIONS -> sessions = sketch;
                case VIEWERS -> viewers = sketch;
            }
        }

        /** The later of the last event so far and {@code at} (null: none). */
        public void seen(OffsetDateTime at) {
            if (at != null) {
                long micros = Math.addExact(Math.multiplyExact(at.toEpochSecond(), 1_000_000L), at.getNano() / 1_000);
                lastSeenMicros = Math.max(lastSeenMicros, micros);
            }
        }

        /** The last event's time (UTC), or null before any. */
        public OffsetDateTime lastSeen() {
            return lastSeenMicros == Long.MIN_VALUE ? null
                    : OffsetDateTime.ofInstant(java.time.Instant.EPOCH.plus(lastSeenMicros, java.time.temporal.ChronoUnit.MICROS), ZoneOffset.UTC);
        }

        /** What /customers shows of a customer: page views, last event, users and sessions; and that it had an event. */
        void addCustomer(Event e) {
            if (e.type().equals("page_view")) {
                pageViews++;
            }
            events++;
            seen(e.occurredAt());
            sessions = update(sessions, e.sessionHash());
            if (e.userHash() != null) {
                users = update(users, e.userHash());
            }
        }

        void addLogin(Event e) {
            if (e.type().equals("login_success")) {
                loginSuccesses++;
            } else {
                loginFailures++;
            }
            // /logins folds rows of fewer distinct users than ANALYTICS_MIN_GROUP_USERS (V47)
            if (e.userHash() != null) {
                users = update(users, e.userHash());
            }
        }

        private static HllSketch update(HllSketch sketch, long hash) {
            HllSketch s = sketch == null ? Hll.sketch() : sketch;
            s.update(hash);
            return s;
        }
    }

    public final Map<TotalsKey, Cell> totals = new HashMap<>();
    public final Map<PathKey, Cell> paths = new HashMap<>();
    public final Map<SectionKey, Cell> sections = new HashMap<>();
    public final Map<LabelKey, Cell> labels = new HashMap<>();
    public final Map<LabelPathKey, Cell> labelPaths = new HashMap<>();
    public final Map<LabelSectionKey, Cell> labelSections = new HashMap<>();
    public final Map<CustomerSectionKey, Cell> customerSections = new HashMap<>();
    public final Map<OutcomeKey, Cell> outcomes = new HashMap<>();
    public final Map<UserSession, Set<String>> userSessions = new HashMap<>();

    private static final Grain[] BOTH_GRAINS = { Grain.HOUR, Grain.DAY };
    private static final Grain[] HOUR_GRAIN = { Grain.HOUR };

    private final Grain[] grains;

    /**
     * One instance per distinct bucket and key string of this fold: each event's row decodes new ones, and a cell's key
     * kept them — ~100 bytes of OffsetDateTime per key and its strings again per cube, a large share of a window's
     * memory, which bounds how many events a window can fold in the shipped heap.
     */
    private final Map<Long, OffsetDateTime> hours = new HashMap<>();
    private final Map<Long, OffsetDateTime> days = new HashMap<>();
    private final Map<OffsetDateTime, OffsetDateTime> weeks = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();

    /** Every cube's cells, both grains. */
    public Fold() {
        this(false);
    }

    /** {@code hoursOnly}: the hour cells alone (erasure rebuilds an hour's rows from its events, its day rows from those). */
    public Fold(boolean hoursOnly) {
        this.grains = hoursOnly ? HOUR_GRAIN : BOTH_GRAINS;
    }

    /**
     * Lets go of every cell. A window's Uni chain can outlive the window (a catch-up chains windows), and whatever its
     * lambdas captured lives as long: emptied, a folded window holds no memory after it is stored.
     */
    public void clear() {
        hours.clear();
        days.clear();
        weeks.clear();
        strings.clear();
        totals.clear();
        paths.clear();
        sections.clear();
        labels.clear();
        labelPaths.clear();
        labelSections.clear();
        customerSections.clear();
        outcomes.clear();
        userSessions.clear();
    }

    /** The cells this fold holds, over every cube (and the users' sessions). */
    public long cells() {
        return (long) totals.size() + paths.size() + sections.size() + labels.size() + labelPaths.size() + labelSections.size() + customerSections.size()
                + outcomes.size() + userSessions.size();
    }

    public void add(Event raw) {
        Event e = interned(raw);
        long second = e.occurredAt().toEpochSecond();
        OffsetDateTime hour = hours.computeIfAbsent(Math.floorDiv(second, 3600L), h -> Grain.HOUR.bucket(e.occurredAt()));
        OffsetDateTime day = days.computeIfAbsent(Math.floorDiv(second, 86400L), d -> Grain.DAY.bucket(e.occurredAt()));
        String section = intern(Section.of(e.pagePath()));
        for (Grain grain : grains) {
            OffsetDateTime b = grain == Grain.HOUR ? hour : day;
            // day rows also per every surface ('*'): ranking 30 days of customers or paths reads a third to a quarter of the rows
            for (String surface : grain == Grain.DAY ? new String[] { e.surface(), "*" } : new String[] { e.surface() }) {
                totals.computeIfAbsent(new TotalsKey(grain, b, surface, 0), k -> new Cell()).add(e, false);
                if (e.customerId() != 0) {
                    totals.computeIfAbsent(new TotalsKey(grain, b, surface, e.customerId()), k -> new Cell()).add(e, false);
                }
                paths.computeIfAbsent(new PathKey(grain, b, surface, e.pagePath()), k -> new Cell()).add(e, true);
                sections.computeIfAbsent(new SectionKey(grain, b, surface, section), k -> new Cell()).add(e, false);
            }
            if (grain == Grain.DAY && e.customerId() != 0) {
                // week rows of a customer's every-surface totals: /accounts ranks every customer over weeks, not days
                totals.computeIfAbsent(new TotalsKey(Grain.WEEK, week(b), "*", e.customerId()),
                        k -> new Cell()).add(e, false);
                customerSection(e, b, section);
            }
            if (e.type().equals("click")) {
                labels.computeIfAbsent(new LabelKey(grain, b, e.surface(), e.label()), k -> new Cell()).addClick(e, true);
                labels.computeIfAbsent(new LabelKey(grain, b, "*", e.label()), k -> new Cell()).addClick(e, true);
                if (grain == Grain.DAY) {
                    labelPath(e, b);
                    labelSections.computeIfAbsent(new LabelSectionKey(grain, b, e.surface(), e.label(), section), k -> new Cell()).addClick(e, true);
                }
            }
            if (e.type().startsWith("login")) {
                outcomes.computeIfAbsent(new OutcomeKey(grain, b, e.surface(), e.pagePath(), e.errorCode(), e.geoCountry(), e.geoRegion(),
                        e.geoCity(), e.browser(), e.os(), e.deviceType()), k -> new Cell()).addLogin(e);
            }
        }
        if (e.userSub() != null) {
            userSessions.computeIfAbsent(new UserSession(hour, e.surface(), e.customerId(), e.userSub(), e.sessionId(), (int) (e.userHash() & 1023)),
                    k -> new HashSet<>(4)).add(section);
        }
    }

    /** The week bucket of a day bucket (one of this fold's), one instance per week. */
    private OffsetDateTime week(OffsetDateTime day) {
        return weeks.computeIfAbsent(day, Grain.WEEK::bucket);
    }

    private String intern(String value) {
        return value == null ? null : strings.computeIfAbsent(value, v -> v);
    }

    /** The event with the strings that key cells replaced by this fold's instances of them. */
    private Event interned(Event e) {
        return new Event(e.occurredAt(), intern(e.type()), intern(e.surface()), e.customerId(), intern(e.pagePath()), intern(e.label()),
                intern(e.element()), e.userSub(), e.sessionId(), e.userHash(), e.visitorHash(), e.sessionHash(), e.visibleMs(), e.durationMs(),
                intern(e.errorCode()), intern(e.geoCountry()), intern(e.geoRegion()), intern(e.geoCity()), intern(e.browser()), intern(e.os()),
                intern(e.deviceType()));
    }

    /** Only the event's per-(customer, section) day cell (erasure rebuilds those rows alone); an event with a customer. */
    public void addCustomerSection(Event e) {
        customerSection(e, Grain.DAY.bucket(e.occurredAt()), Section.of(e.pagePath()));
    }

    /** Only the click's per-(label, path, tag) day cell (erasure rebuilds those rows alone). */
    public void addLabelPath(Event e) {
        labelPath(e, Grain.DAY.bucket(e.occurredAt()));
    }

    private void customerSection(Event e, OffsetDateTime day, String section) {
        customerSections.computeIfAbsent(new CustomerSectionKey(Grain.DAY, day, e.surface(), section, e.customerId()), k -> new Cell()).addCustomer(e);
    }

    private void labelPath(Event e, OffsetDateTime day) {
        labelPaths.computeIfAbsent(new LabelPathKey(Grain.DAY, day, e.surface(), e.label(), e.pagePath(), e.element()), k -> new Cell()).addClick(e, false);
    }
}
