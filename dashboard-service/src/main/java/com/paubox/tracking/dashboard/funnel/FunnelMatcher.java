package com.paubox.tracking.dashboard.funnel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Ordered step matching, exact. A journey reaches step n when steps 1…n happened in that order (each strictly after
 * the one before) inside its window: a session, a local day, or 7 × 24 h from the first step. Repeated steps count once;
 * an event of another session or day never continues a journey. From each possible first step the earliest next steps
 * are taken (which reaches furthest from that start); a user's journey is the one reaching furthest, the earliest of
 * those. Feed it one group at a time ({@link #session} or {@link #user}), then read {@link #result}.
 */
public final class FunnelMatcher {

    /** One event of a group: its time (µs since the epoch), the steps it matches (bit i: step i), its session and user. */
    public record Event(long micros, int steps, UUID session, String user) {
    }

    /** Per step: units (sessions or users) that reached it, distinct sessions and users among them, median time from the step before. */
    public record StepResult(long reached, long sessions, long users, Long medianMillisFromPrevious) {
    }

    private final int steps;
    private final FunnelWindow window;
    private final ZoneId zone;
    private final long[] reached;
    private final List<Set<UUID>> sessions = new ArrayList<>();
    private final List<Set<String>> users = new ArrayList<>();
    private final List<List<Long>> gaps = new ArrayList<>();

    public FunnelMatcher(int steps, FunnelWindow window, ZoneId zone) {
        this.steps = steps;
        this.window = window;
        this.zone = zone;
        this.reached = new long[steps];
        for (int i = 0; i < steps; i++) {
            sessions.add(new HashSet<>());
            users.add(new HashSet<>());
            gaps.add(new ArrayList<>());
        }
    }

    /** A session's events in time order (window {@code session}). */
    public void session(List<Event> events) {
        count(events, attempt(events, 0, events.size(), Long.MAX_VALUE));
    }

    /** A signed-in user's events in time order (windows {@code day} and {@code 7d}): their furthest journey counts. */
    public void user(List<Event> events) {
        int[] best = new int[0];
        if (window == FunnelWindow.DAY) {
            int from = 0;
            while (from < events.size() && best.length < steps) {
                LocalDate day = day(events.get(from));
                int to = from;
                while (to < events.size() && day(events.get(to)).equals(day)) {
                    to++;
                }
                best = better(best, attempt(events, from, to, Long.MAX_VALUE));
                from = to;
            }
        } else {
            long span = window.span().toNanos() / 1000;
            for (int start = 0; start < events.size() && best.length < steps; start++) {
                if ((events.get(start).steps() & 1) != 0) {
                    best = better(best, attempt(events, start, events.size(), span));
                }
            }
        }
        count(events, best);
    }

    private static int[] better(int[] best, int[] candidate) {
        return candidate.length > best.length ? candidate : best;
    }

    private LocalDate day(Event e) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(Math.floorDiv(e.micros(), 1_000_000L)), zone);
    }

    /**
     * From the first event in [from, to) that is a first step, the earliest event of each next step strictly after the
     * step before and at most {@code span} µs after the first: the indexes of the matched events.
     */
    private int[] attempt(List<Event> events, int from, int to, long span) {
        int[] matched = new int[steps];
        int k = 0;
        long first = 0;
        long last = Long.MIN_VALUE;
        for (int j = from; j < to && k < steps; j++) {
            Event e = events.get(j);
            if (k > 0 && e.micros() - first > span) {
                break;
            }
            if ((e.steps() & (1 << k)) != 0 && e.micros() > last) {
                if (k == 0) {
                    first = e.micros();
                }
                matched[k++] = j;
                last = e.micros();
            }
        }
        return Arrays.copyOf(matched, k);
    }

    private void count(List<Event> events, int[] journey) {
        for (int s = 0; s < journey.length; s++) {
            Event e = events.get(journey[s]);
            reached[s]++;
            sessions.get(s).add(e.session());
            if (e.user() != null) {
                users.get(s).add(e.user());
            }
            if (s > 0) {
                gaps.get(s).add(e.micros() - events.get(journey[s - 1]).micros());
            }
        }
    }

    public List<StepResult> result() {
        List<StepResult> out = new ArrayList<>(steps);
        for (int s = 0; s < steps; s++) {
            out.add(new StepResult(reached[s], sessions.get(s).size(), users.get(s).size(), s == 0 ? null : medianMillis(gaps.get(s))));
        }
        return out;
    }

    /** The median (the mean of the two middle values for an even count), in whole milliseconds; null over none. */
    static Long medianMillis(List<Long> micros) {
        if (micros.isEmpty()) {
            return null;
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + (double) sorted[mid]) / 2;
        return Math.round(median / 1000.0);
    }
}
