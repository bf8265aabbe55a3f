package com.paubox.tracking.dashboard.repository.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.paubox.tracking.dashboard.funnel.FunnelMatcher;
import com.paubox.tracking.dashboard.funnel.FunnelMatcher.Event;
import com.paubox.tracking.dashboard.funnel.FunnelStep;
import com.paubox.tracking.dashboard.funnel.FunnelWindow;
import com.paubox.tracking.dashboard.repository.SqlFilter;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Row;

/**
 * /funnel: exact, from the raw events of the named steps only, read index-only (page views of a path:
 * {@code analytics_events_page_view_steps_idx}, V46, or for one customer {@code analytics_events_customer_page_view_steps_idx},
 * V49; clicks of a label: {@code analytics_events_click_label_idx}, V44),
 * streamed in journey (session, or signed-in user) and time order into {@link FunnelMatcher} on a worker thread. A
 * session funnel streams only the sessions that hold a second step — no other can get past the first — and counts its
 * first step's sessions and users in SQL, so a popular first page is never sent over the wire.
 */
final class FunnelQuery {

    static final String PATH = "(page_path COLLATE \"C\")";

    /** Rows per fetch of the stream. */
    static final int FETCH = 2000;

    private FunnelQuery() {
    }

    static Uni<List<FunnelMatcher.StepResult>> answer(Snapshot s, List<FunnelStep> steps, FunnelWindow window) {
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        String common = common(q, f, window);
        List<String> conditions = new ArrayList<>();
        steps.forEach(step -> conditions.add(condition(step, f) + common));
        String key = window.perUser() ? "user_sub" : "session_id";
        String journeys = window.perUser() ? "" : " AND session_id IN (SELECT session_id FROM analytics_events WHERE " + conditions.get(1) + ")";
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            parts.add("SELECT " + i + " AS step, session_id, user_sub, occurred_at, event_id FROM analytics_events WHERE " + conditions.get(i) + journeys);
        }
        String sql = "SELECT step, session_id, user_sub, occurred_at, event_id FROM (" + String.join(" UNION ALL ", parts) + ") e ORDER BY " + key
                + ", occurred_at, event_id";
        Journeys grouped = new Journeys(new FunnelMatcher(steps.size(), window, q.zone()), window);
        Uni<List<FunnelMatcher.StepResult>> matched = s.stream(sql, f, FETCH).emitOn(Infrastructure.getDefaultWorkerPool()).onItem()
                .invoke(grouped::add).collect().last().map(x -> grouped.result());
        if (window.perUser()) {
            return matched;
        }
        // every session with a first step reaches it: counted here, not streamed
        SqlFilter g = SqlFilter.none();
        String first = "SELECT count(DISTINCT session_id) AS sessions, count(DISTINCT user_sub) AS users FROM analytics_events WHERE "
                + condition(steps.get(0), g) + common(q, g, window);
        return Uni.combine().all().unis(matched, s.select(first, g)).asTuple().map(t -> {
            Row r = t.getItem2().iterator().next();
            List<FunnelMatcher.StepResult> out = new ArrayList<>(t.getItem1());
            out.set(0, new FunnelMatcher.StepResult(r.getLong("sessions"), r.getLong("sessions"), r.getLong("users"), null));
            return out;
        });
    }

    /** The range and filters every step's events share. */
    private static String common(AnalyticsQuery q, SqlFilter f, FunnelWindow window) {
        return " AND occurred_at >= " + f.bind(q.start()) + " AND occurred_at < " + f.bind(q.end())
                + (q.customerId() == null ? "" : " AND customer_id = " + f.bind(q.customerId()))
                + (q.surface() == null ? "" : " AND surface = " + f.bind(q.surface())) + (window.perUser() ? " AND user_sub IS NOT NULL" : "");
    }

    /** The events of one step: page views of a path (or under a prefix), or clicks of a label. */
    private static String condition(FunnelStep step, SqlFilter f) {
        if (step.kind() == FunnelStep.Kind.CLICK) {
            return "type = 'click' AND label = " + f.bind(step.value());
        }
        // in byte order, as the index (V46): a prefix is an exact range of it
        return "type = 'page_view' AND " + (step.prefix() ? f.startsWith(PATH, step.value()) : PATH + " = " + f.bind(step.value()));
    }

    /** The streamed rows (journey, time, event order) as journeys: each handed to the matcher when the next begins. */
    private static final class Journeys {
        private final FunnelMatcher matcher;
        private final FunnelWindow window;
        private List<Event> group = new ArrayList<>();
        private Object groupKey;
        private UUID lastEvent;

        Journeys(FunnelMatcher matcher, FunnelWindow window) {
            this.matcher = matcher;
            this.window = window;
        }

        void add(Row r) {
            Object k = window.perUser() ? r.getString("user_sub") : r.getUUID("session_id");
            if (!k.equals(groupKey)) {
                flush();
                groupKey = k;
                lastEvent = null;
            }
            int bit = 1 << r.getInteger("step");
            UUID eventId = r.getUUID("event_id");
            if (eventId.equals(lastEvent)) {
                // the same event matches several steps: one event, its steps together
                Event prev = group.remove(group.size() - 1);
                group.add(new Event(prev.micros(), prev.steps() | bit, prev.session(), prev.user()));
            } else {
                Instant t = r.getOffsetDateTime("occurred_at").toInstant();
                group.add(new Event(ChronoUnit.MICROS.between(Instant.EPOCH, t), bit, r.getUUID("session_id"), r.getString("user_sub")));
                lastEvent = eventId;
            }
        }

        List<FunnelMatcher.StepResult> result() {
            flush();
            return matcher.result();
        }

        private void flush() {
            if (group.isEmpty()) {
                return;
            }
            if (window.perUser()) {
                matcher.user(group);
            } else {
                matcher.session(group);
            }
            group = new ArrayList<>();
        }
    }
}
