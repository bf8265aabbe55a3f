package com.paubox.tracking.dashboard.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Maintains the hourly rollups (V30): every UTC hour before {@code rolled_until} holds exactly the aggregates
 * of its events. Each run, under a transaction-scoped advisory lock, (1) recomputes the hours of events
 * received since the previous run whose hour was already rolled (late events, erasures are handled by
 * {@link ErasureRepository}) and (2) rolls the closed hours from {@code rolled_until} up to the current hour.
 * Recomputing an hour is DELETE + INSERT of that hour in every rollup table, so runs are idempotent.
 */
@ApplicationScoped
public class RollupRepository {

    /** Advisory lock of the rollup job and of erasure ("pbtrack" rollup). */
    public static final long LOCK_KEY = 0x7062_7472_6163_6b02L;

    /** Late-event rescans start this long before the previous run, for ingest transactions still open then. */
    static final Duration RECEIVED_MARGIN = Duration.ofMinutes(5);

    /** Outcome of one run; {@code ran} is false when another replica (or an erasure) held the lock. */
    public record Refresh(boolean ran, OffsetDateTime rolledUntil, int hoursRecomputed) {
    }

    static final String[] TABLES = { "analytics_rollup_actors", "analytics_rollup_pages", "analytics_rollup_clicks",
            "analytics_rollup_logins" };

    static final String HOUR = "date_trunc('hour', occurred_at, 'UTC')";

    static final String INSERT_ACTORS = "INSERT INTO analytics_rollup_actors SELECT " + HOUR
            + ", customer_id, surface, session_id, anon_id, user_sub,"
            + " count(*) FILTER (WHERE type = 'page_view'), count(*) FILTER (WHERE type = 'click'),"
            + " count(*) FILTER (WHERE type = 'login_success'), count(*) FILTER (WHERE type = 'login_failure'),"
            + " sum(visible_ms) FILTER (WHERE type = 'time_on_page'), count(visible_ms) FILTER (WHERE type = 'time_on_page'),"
            + " sum(duration_ms) FILTER (WHERE type = 'time_on_page'), count(duration_ms) FILTER (WHERE type = 'time_on_page'),"
            + " max(occurred_at) FROM analytics_events WHERE occurred_at >= $1 AND occurred_at < $2"
            + " GROUP BY 1, 2, 3, 4, 5, 6";
    static final String INSERT_PAGES = "INSERT INTO analytics_rollup_pages SELECT " + HOUR
            + ", customer_id, surface, page_path, user_sub, count(*) FILTER (WHERE type = 'page_view'),"
            + " sum(visible_ms) FILTER (WHERE type = 'time_on_page'), count(visible_ms) FILTER (WHERE type = 'time_on_page')"
            + " FROM analytics_events WHERE occurred_at >= $1 AND occurred_at < $2 AND type IN ('page_view', 'time_on_page')"
            + " GROUP BY 1, 2, 3, 4, 5";
    static final String INSERT_CLICKS = "INSERT INTO analytics_rollup_clicks (hour, customer_id, surface, label, element, page_path,"
            + " user_sub, clicks) SELECT " + HOUR + ", customer_id, surface, label, element, page_path, user_sub, count(*)"
            + " FROM analytics_events WHERE occurred_at >= $1 AND occurred_at < $2 AND type = 'click' GROUP BY 1, 2, 3, 4, 5, 6, 7";
    static final String INSERT_LOGINS = "INSERT INTO analytics_rollup_logins SELECT " + HOUR
            + ", customer_id, surface, error_code, geo_country, geo_region, geo_city, browser, os, device_type,"
            + " count(*) FILTER (WHERE type = 'login_success'), count(*) FILTER (WHERE type = 'login_failure')"
            + " FROM analytics_events WHERE occurred_at >= $1 AND occurred_at < $2 AND type IN ('login_success', 'login_failure')"
            + " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10";

    private final Pool pool;

    public RollupRepository(Pool pool) {
        this.pool = pool;
    }

    /** The end of the rolled range, or null before the first run (then every query reads raw events). */
    public Uni<OffsetDateTime> rolledUntil() {
        return pool.query("SELECT rolled_until FROM analytics_rollup_state").execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime("rolled_until"));
    }

    /** One run rolling closed hours up to {@code upTo} (null: up to the current UTC hour). */
    public Uni<Refresh> refresh(OffsetDateTime upTo) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(LOCK_KEY))
                .flatMap(rows -> rows.iterator().next().getBoolean("locked") ? run(conn, upTo)
                        : Uni.createFrom().item(new Refresh(false, null, 0))));
    }

    /** Test and operations helper: empties every rollup; queries read raw events until the next run. */
    public Uni<Void> reset() {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY))
                .flatMap(x -> conn.query("TRUNCATE analytics_rollup_state, " + String.join(", ", TABLES)).execute())).replaceWithVoid();
    }

    private static Uni<Refresh> run(SqlConnection conn, OffsetDateTime upTo) {
        return conn.query("SELECT now() AS now, s.rolled_until, s.received_checked FROM (SELECT 1) x"
                + " LEFT JOIN analytics_rollup_state s ON true").execute().flatMap(rows -> {
                    Row r = rows.iterator().next();
                    OffsetDateTime now = r.getOffsetDateTime("now").withOffsetSameInstant(ZoneOffset.UTC);
                    OffsetDateTime rolled = r.getOffsetDateTime("rolled_until");
                    OffsetDateTime checked = r.getOffsetDateTime("received_checked");
                    OffsetDateTime closed = floorHour(now);
                    OffsetDateTime target = upTo == null || floorHour(upTo).isAfter(closed) ? closed : floorHour(upTo);
                    OffsetDateTime nextChecked = now.minus(RECEIVED_MARGIN);
                    if (rolled == null) {
                        // first run: roll everything stored, from its first hour on
                        return conn.query("SELECT min(occurred_at) AS t FROM analytics_events").execute().flatMap(m -> {
                            OffsetDateTime first = m.iterator().next().getOffsetDateTime("t");
                            OffsetDateTime from = first == null ? target : min(floorHour(first), target);
                            return advance(conn, from, target).flatMap(ranges -> recompute(conn, ranges))
                                    .flatMap(n -> save(conn, target, nextChecked, n, true));
                        });
                    }
                    OffsetDateTime newRolled = target.isAfter(rolled) ? target : rolled;
                    return conn.preparedQuery("SELECT DISTINCT " + HOUR + " AS h FROM analytics_events"
                            + " WHERE received_at >= $1 AND occurred_at < $2").execute(Tuple.of(checked, rolled)).flatMap(late -> {
                                TreeSet<OffsetDateTime> hours = new TreeSet<>();
                                for (Row h : late) {
                                    hours.add(h.getOffsetDateTime("h").withOffsetSameInstant(ZoneOffset.UTC));
                                }
                                List<OffsetDateTime[]> ranges = ranges(hours, rolled, rolled);
                                return advance(conn, rolled, newRolled).flatMap(more -> {
                                    ranges.addAll(more);
                                    return recompute(conn, ranges);
                                }).flatMap(n -> save(conn, newRolled, nextChecked, n, false));
                            });
                });
    }

    /**
     * The ranges that roll [from, to): its hours, coalesced by day; over more than a day only the UTC days
     * that hold events (a first run over a sparse history does not visit every empty hour).
     */
    private static Uni<List<OffsetDateTime[]>> advance(SqlConnection conn, OffsetDateTime from, OffsetDateTime to) {
        if (!from.isBefore(to)) {
            return Uni.createFrom().item(new ArrayList<>());
        }
        if (Duration.between(from, to).toHours() <= 24) {
            return Uni.createFrom().item(ranges(new TreeSet<>(), from, to));
        }
        return conn.preparedQuery("SELECT DISTINCT date_trunc('day', occurred_at, 'UTC') AS d FROM analytics_events"
                + " WHERE occurred_at >= $1 AND occurred_at < $2 ORDER BY 1").execute(Tuple.of(from, to)).map(days -> {
                    List<OffsetDateTime[]> out = new ArrayList<>();
                    for (Row r : days) {
                        OffsetDateTime d = r.getOffsetDateTime("d").withOffsetSameInstant(ZoneOffset.UTC);
                        OffsetDateTime a = d.isBefore(from) ? from : d;
                        OffsetDateTime b = min(d.plusDays(1), to);
                        if (a.isBefore(b)) {
                            out.add(new OffsetDateTime[] { a, b });
                        }
                    }
                    return out;
                });
    }

    private static Uni<Refresh> save(SqlConnection conn, OffsetDateTime rolled, OffsetDateTime checked, int hours, boolean insert) {
        String sql = insert ? "INSERT INTO analytics_rollup_state (id, rolled_until, received_checked) VALUES (1, $1, $2)"
                : "UPDATE analytics_rollup_state SET rolled_until = $1, received_checked = $2 WHERE id = 1";
        return conn.preparedQuery(sql).execute(Tuple.of(rolled, checked)).map(x -> new Refresh(true, rolled, hours));
    }

    /** Single hours plus [from, to), coalesced into ranges of at most one day. */
    static List<OffsetDateTime[]> ranges(TreeSet<OffsetDateTime> hours, OffsetDateTime from, OffsetDateTime to) {
        for (OffsetDateTime t = from; t.isBefore(to); t = t.plusHours(1)) {
            hours.add(t);
        }
        List<OffsetDateTime[]> out = new ArrayList<>();
        OffsetDateTime start = null;
        OffsetDateTime end = null;
        for (OffsetDateTime h : hours) {
            if (start != null && h.equals(end) && Duration.between(start, end).toHours() < 24) {
                end = h.plusHours(1);
            } else {
                if (start != null) {
                    out.add(new OffsetDateTime[] { start, end });
                }
                start = h;
                end = h.plusHours(1);
            }
        }
        if (start != null) {
            out.add(new OffsetDateTime[] { start, end });
        }
        return out;
    }

    /** DELETE + INSERT of every rollup table for each range, one after the other; answers the hours done. */
    static Uni<Integer> recompute(SqlClient conn, List<OffsetDateTime[]> ranges) {
        return recompute(conn, ranges, List.of(TABLES));
    }

    static Uni<Integer> recompute(SqlClient conn, List<OffsetDateTime[]> ranges, List<String> tables) {
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (OffsetDateTime[] range : ranges) {
            for (String table : tables) {
                String insert = switch (table) {
                    case "analytics_rollup_actors" -> INSERT_ACTORS;
                    case "analytics_rollup_pages" -> INSERT_PAGES;
                    case "analytics_rollup_clicks" -> INSERT_CLICKS;
                    default -> INSERT_LOGINS;
                };
                Tuple t = Tuple.of(range[0], range[1]);
                chain = chain.flatMap(n -> conn.preparedQuery("DELETE FROM " + table + " WHERE hour >= $1 AND hour < $2").execute(t)
                        .flatMap(x -> conn.preparedQuery(insert).execute(t)).map(x -> n));
            }
            int hours = (int) Duration.between(range[0], range[1]).toHours();
            chain = chain.map(n -> n + hours);
        }
        return chain;
    }

    static OffsetDateTime floorHour(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
    }

    static OffsetDateTime min(OffsetDateTime a, OffsetDateTime b) {
        return a.isBefore(b) ? a : b;
    }
}
