package com.paubox.tracking.dashboard.rollup;

import java.time.OffsetDateTime;
import java.util.function.Function;

/**
 * A position in the order events are committed in, (xact_id, occurred_at) — what the rollups hold (every event
 * before it) or where a rollup window ends. Transaction ids, not clocks (V42): a row that commits late has a newer
 * xact_id than any window already folded. {@code occurredAt} null: before every event of transaction {@code xact}.
 */
public record Watermark(long xact, OffsetDateTime occurredAt) implements Comparable<Watermark> {

    /** Before every event: nothing folded. */
    public static final Watermark START = new Watermark(0, null);

    /** Every event of the transactions before {@code xact} (e.g. the oldest transaction still running). */
    public static Watermark beforeTransaction(long xact) {
        return new Watermark(xact, null);
    }

    @Override
    public int compareTo(Watermark o) {
        int c = Long.compare(xact, o.xact);
        if (c != 0 || occurredAt == o.occurredAt) {
            return c;
        }
        if (occurredAt == null || o.occurredAt == null) {
            return occurredAt == null ? -1 : 1;
        }
        return occurredAt.compareTo(o.occurredAt);
    }

    public boolean isBefore(Watermark o) {
        return compareTo(o) < 0;
    }

    public static Watermark min(Watermark a, Watermark b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Whether an event stored by transaction {@code xact} that occurred at {@code at} is before this position. */
    public boolean covers(long eventXact, OffsetDateTime at) {
        return eventXact < xact || eventXact == xact && occurredAt != null && at.isBefore(occurredAt);
    }

    /**
     * SQL: an event (columns xact_id, occurred_at) is before this position ({@code before}) or at/after it; {@code bind}
     * binds a value and returns its placeholder. A row comparison, so the (xact_id, occurred_at) index seeks it.
     */
    public String sql(boolean before, Function<Object, String> bind) {
        if (occurredAt == null) {
            return "xact_id " + (before ? "< " : ">= ") + bind.apply(xact) + "::bigint";
        }
        return "(xact_id, occurred_at) " + (before ? "< (" : ">= (") + bind.apply(xact) + "::bigint, " + bind.apply(occurredAt) + "::timestamptz)";
    }
}
