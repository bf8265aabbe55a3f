package com.paubox.tracking.dashboard.repository.report;

import java.time.temporal.ChronoUnit;
import java.time.Instant;
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
 * /funnel: exact, from the raw events of the named steps only — page views of a path through the
 * {@code (page_path, occurred_at)} index, clicks of a label through the clicks' {@code (label, occurred_at)} index (V44),
 * one {@code SELECT} per step, ordered by journey (session, or signed-in user) and time — matched in order by
 * {@link FunnelMatcher} on a worker thread.
 */
final class FunnelQuery {

    private FunnelQuery() {
    }

    static Uni<List<FunnelMatcher.StepResult>> answer(Snapshot s, List<FunnelStep> steps, FunnelWindow window) {
        AnalyticsQuery q = s.query();
        SqlFilter f = SqlFilter.none();
        String common = " AND occurred_at >= " + f.bind(q.start()) + " AND occurred_at < " + f.bind(q.end())
                + (q.customerId() == null ? "" : " AND customer_id = " + f.bind(q.customerId()))
                + (q.surface() == null ? "" : " AND surface = " + f.bind(q.surface())) + (window.perUser() ? " AND user_sub IS NOT NULL" : "");
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            parts.add("SELECT " + i + " AS step, session_id, user_sub, occurred_at, event_id FROM analytics_events WHERE " + condition(steps.get(i), f)
                    + common);
        }
        String key = window.perUser() ? "user_sub" : "session_id";
        String sql = "SELECT step, session_id, user_sub, occurred_at, event_id FROM (" + String.join(" UNION ALL ", parts) + ") e ORDER BY " + key
                + ", occurred_at, event_id";
        return s.select(sql, f).emitOn(Infrastructure.getDefaultWorkerPool()).map(rows -> {
            FunnelMatcher matcher = new FunnelMatcher(steps.size(), window, q.zone());
            List<Event> group = new ArrayList<>();
            Object groupKey = null;
            UUID lastEvent = null;
            for (Row r : rows) {
                Object k = window.perUser() ? r.getString("user_sub") : r.getUUID("session_id");
                if (!k.equals(groupKey)) {
                    feed(matcher, window, group);
                    group = new ArrayList<>();
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
            feed(matcher, window, group);
            return matcher.result();
        });
    }

    private static void feed(FunnelMatcher matcher, FunnelWindow window, List<Event> group) {
        if (group.isEmpty()) {
            return;
        }
        if (window.perUser()) {
            matcher.user(group);
        } else {
            matcher.session(group);
        }
    }

    /** The events of one step: page views of a path (or under a prefix), or clicks of a label. */
    private static String condition(FunnelStep step, SqlFilter f) {
        if (step.kind() == FunnelStep.Kind.CLICK) {
            return "type = 'click' AND label = " + f.bind(step.value());
        }
        return "type = 'page_view' AND page_path " + (step.prefix() ? "LIKE " + f.bind(SqlFilter.likePrefix(step.value())) : "= " + f.bind(step.value()));
    }
}
