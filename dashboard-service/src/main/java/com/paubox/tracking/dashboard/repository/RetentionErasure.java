package com.paubox.tracking.dashboard.repository;

import static com.paubox.tracking.dashboard.repository.RetentionRollup.ACTIVE;
import static com.paubox.tracking.dashboard.repository.RetentionRollup.FIRST_SEEN;
import static com.paubox.tracking.dashboard.repository.RetentionRollup.IDENTITIES;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.paubox.tracking.dashboard.rollup.Watermark;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Erasure of /retention's rollup tables (V48), in the erasure's transaction after the subject's events are deleted:
 * the subject's identity, first-seen rows and hourly activity go; the browsers (anon_id) whose events the subject's
 * were keep what remains — each touched hour keeps a browser only if a remaining folded event of it matches the level,
 * and a first-seen row whose first (or last) event was the subject's is recomputed from the remaining hours, or deleted
 * when none is left.
 */
final class RetentionErasure {

    /** One of the subject's deleted events that the rollups held. */
    record Folded(UUID anonId, long customerId, String surface, OffsetDateTime occurredAt) {
    }

    /** A remaining folded event of one of the subject's browsers: its level and UTC hour. */
    record BrowserHour(UUID anonId, long customerId, String surface, OffsetDateTime hour) {
    }

    /** A level (customer 0 = every customer, surface '*' = every surface) and an hour or a time. */
    private record Level(long customerId, String surface) {
    }

    private RetentionErasure() {
    }

    /**
     * {@code remaining}: every remaining folded event's (browser, level, hour) of the subject's browsers in the hours of
     * its folded events, read by the cube rebuild's refold of those hours ({@link ErasureRebuild}), which reads them anyway.
     */
    static Uni<Void> run(SqlConnection conn, String userSub, List<Folded> folded, Set<BrowserHour> remaining, Watermark watermark) {
        return users(conn, userSub, folded).flatMap(x -> folded.isEmpty() ? Uni.createFrom().voidItem() : visitors(conn, folded, remaining, watermark));
    }

    /** The browsers (anon ids) of the subject's folded events. */
    static Set<UUID> browsers(List<Folded> folded) {
        Set<UUID> out = new java.util.HashSet<>();
        folded.forEach(e -> out.add(e.anonId()));
        return out;
    }

    private static List<Level> levels(Folded e) {
        List<Level> out = new ArrayList<>(List.of(new Level(0, "*"), new Level(0, e.surface())));
        if (e.customerId() != 0) {
            out.add(new Level(e.customerId(), e.surface()));
        }
        return out;
    }

    private static OffsetDateTime hour(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
    }

    /** The subject as a user: the identity, its first-seen rows and its id in the hours its folded events were in. */
    private static Uni<Void> users(SqlConnection conn, String userSub, List<Folded> folded) {
        Set<List<Object>> keys = new LinkedHashSet<>();
        for (Folded e : folded) {
            for (Level l : levels(e)) {
                keys.add(List.of(l.customerId(), l.surface(), hour(e.occurredAt())));
            }
        }
        Object[][] cols = columns(keys, Long.class, String.class, OffsetDateTime.class);
        String keyed = "unnest(%s::bigint[], %s::text[], %s::timestamptz[]) AS k(c, s, h)";
        String at = "t.kind = 'u' AND t.customer_id = k.c AND t.surface = k.s AND t.hour = k.h";
        return conn.preparedQuery("WITH gone AS (DELETE FROM " + IDENTITIES + " WHERE kind = 'u' AND identity_key = $1 RETURNING id),"
                + " seen AS (DELETE FROM " + FIRST_SEEN + " f USING gone WHERE f.kind = 'u' AND f.id = gone.id)"
                + " UPDATE " + ACTIVE + " t SET ids = array_remove(t.ids, gone.id) FROM gone, " + keyed.formatted("$2", "$3", "$4") + " WHERE " + at + " AND gone.id = ANY(t.ids)")
                .execute(Tuple.of(userSub, cols[0], cols[1], cols[2]))
                .flatMap(x -> conn.preparedQuery("DELETE FROM " + ACTIVE + " t USING " + keyed.formatted("$1", "$2", "$3") + " WHERE " + at + " AND t.ids = '{}'")
                        .execute(Tuple.of(cols[0], cols[1], cols[2])))
                .replaceWithVoid();
    }

    /** The browsers of the subject's folded events: what remains of them. */
    private static Uni<Void> visitors(SqlConnection conn, List<Folded> folded, Set<BrowserHour> remainingHours, Watermark watermark) {
        Set<List<Object>> hours = new LinkedHashSet<>();
        // per (browser, level): the first deleted time and the last deleted time
        Map<List<Object>, OffsetDateTime[]> touched = new LinkedHashMap<>();
        for (Folded e : folded) {
            for (Level l : levels(e)) {
                hours.add(List.of(e.anonId(), l.customerId(), l.surface(), hour(e.occurredAt())));
                OffsetDateTime[] span = touched.computeIfAbsent(List.of(e.anonId(), l.customerId(), l.surface()), k -> new OffsetDateTime[2]);
                span[0] = span[0] == null || e.occurredAt().isBefore(span[0]) ? e.occurredAt() : span[0];
                span[1] = span[1] == null || e.occurredAt().isAfter(span[1]) ? e.occurredAt() : span[1];
            }
        }
        SqlFilter f = SqlFilter.none();
        Object[][] h = columns(hours, UUID.class, Long.class, String.class, OffsetDateTime.class);
        String t = f.bind(h[0]) + "::uuid[], " + f.bind(h[1]) + "::bigint[], " + f.bind(h[2]) + "::text[], " + f.bind(h[3]) + "::timestamptz[]";
        Object[][] r = columns(remainingHours.stream().map(b -> List.<Object>of(b.anonId(), b.customerId(), b.surface(), b.hour()))
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)), UUID.class, Long.class, String.class, OffsetDateTime.class);
        String remaining = "SELECT * FROM unnest(" + f.bind(r[0]) + "::uuid[], " + f.bind(r[1]) + "::bigint[], " + f.bind(r[2]) + "::text[], "
                + f.bind(r[3]) + "::timestamptz[]) AS r(anon_id, c, s, h)";
        String postings = "WITH k AS (SELECT k.*, i.id FROM unnest(" + t + ") AS k(anon, c, s, h) JOIN " + IDENTITIES
                + " i ON i.kind = 'v' AND i.identity_key = k.anon::text), r AS MATERIALIZED (" + remaining + "),"
                // per hour row, every browser it loses (an UPDATE … FROM changes a row once, whatever joins it)
                + " gone AS (SELECT c, s, h, array_agg(id) AS ids FROM k WHERE NOT EXISTS (SELECT 1 FROM r WHERE r.anon_id = k.anon AND r.h = k.h"
                + " AND (k.c = 0 OR r.c = k.c) AND (k.s = '*' OR r.s = k.s)) GROUP BY 1, 2, 3)"
                + " UPDATE " + ACTIVE + " a SET ids = ARRAY(SELECT x FROM unnest(a.ids) AS x WHERE x <> ALL(gone.ids) ORDER BY x) FROM gone"
                + " WHERE a.kind = 'v' AND a.customer_id = gone.c AND a.surface = gone.s AND a.hour = gone.h AND a.ids && gone.ids";
        Object[][] lv = new Object[5][touched.size()];
        lv[0] = new UUID[touched.size()];
        lv[1] = new Long[touched.size()];
        lv[2] = new String[touched.size()];
        lv[3] = new OffsetDateTime[touched.size()];
        lv[4] = new OffsetDateTime[touched.size()];
        int i = 0;
        for (Map.Entry<List<Object>, OffsetDateTime[]> e : touched.entrySet()) {
            lv[0][i] = e.getKey().get(0);
            lv[1][i] = e.getKey().get(1);
            lv[2][i] = e.getKey().get(2);
            lv[3][i] = e.getValue()[0];
            lv[4][i++] = e.getValue()[1];
        }
        return conn.preparedQuery(postings).execute(f.tuple())
                .flatMap(x -> conn.preparedQuery("DELETE FROM " + ACTIVE + " t USING unnest($1::bigint[], $2::text[], $3::timestamptz[]) AS k(c, s, h)"
                        + " WHERE t.kind = 'v' AND t.customer_id = k.c AND t.surface = k.s AND t.hour = k.h AND t.ids = '{}'")
                        .execute(Tuple.of(h[1], h[2], h[3])))
                .flatMap(x -> firstSeen(conn, lv, watermark));
    }

    /**
     * The touched first-seen rows of the browsers: a first (or last) event that was the subject's is replaced by the
     * first (last) of what remains, read from the remaining hours (the first one's exact time from its events); a row
     * with no hour left is deleted, and with its every-level row the browser's identity.
     */
    private static Uni<Void> firstSeen(SqlConnection conn, Object[][] lv, Watermark watermark) {
        SqlFilter f = SqlFilter.none();
        String k = "SELECT k.*, i.id FROM unnest(" + f.bind(lv[0]) + "::uuid[], " + f.bind(lv[1]) + "::bigint[], " + f.bind(lv[2]) + "::text[], "
                + f.bind(lv[3]) + "::timestamptz[], " + f.bind(lv[4]) + "::timestamptz[]) AS k(anon, c, s, gone_first, gone_last) JOIN " + IDENTITIES
                + " i ON i.kind = 'v' AND i.identity_key = k.anon::text";
        String level = "a.kind = 'v' AND a.customer_id = f.customer_id AND a.surface = f.surface AND f.id = ANY(a.ids)";
        String firstHour = "(SELECT min(a.hour) FROM " + ACTIVE + " a WHERE " + level + " AND a.hour >= date_trunc('hour', f.first_at))";
        String exactFirst = "(SELECT min(e.occurred_at) FROM analytics_events e WHERE e." + RollupRepository.ALL_TYPES + " AND e.occurred_at >= "
                + firstHour + " AND e.occurred_at < " + firstHour + " + interval '1 hour' AND e.anon_id = k.anon AND (k.c = 0 OR e.customer_id = k.c)"
                + " AND (k.s = '*' OR e.surface = k.s) AND " + folded(watermark, f) + ")";
        String lastMonth = "(SELECT date_trunc('month', max(a.hour) AT TIME ZONE 'UTC')::date FROM " + ACTIVE + " a WHERE " + level + ")";
        String update = "WITH k AS (" + k + ") UPDATE " + FIRST_SEEN + " f SET first_at = CASE WHEN f.first_at < k.gone_first THEN f.first_at"
                + " ELSE coalesce(" + exactFirst + ", f.first_at) END, last_month = coalesce(" + lastMonth + ", f.last_month)"
                + " FROM k WHERE f.kind = 'v' AND f.id = k.id AND f.customer_id = k.c AND f.surface = k.s"
                + " AND (f.first_at >= k.gone_first OR f.last_month <= date_trunc('month', k.gone_last AT TIME ZONE 'UTC')::date)";
        SqlFilter g = SqlFilter.none();
        String k2 = "SELECT k.*, i.id FROM unnest(" + g.bind(lv[0]) + "::uuid[], " + g.bind(lv[1]) + "::bigint[], " + g.bind(lv[2])
                + "::text[]) AS k(anon, c, s) JOIN " + IDENTITIES + " i ON i.kind = 'v' AND i.identity_key = k.anon::text";
        String delete = "WITH k AS (" + k2 + ") DELETE FROM " + FIRST_SEEN + " f USING k WHERE f.kind = 'v' AND f.id = k.id"
                + " AND f.customer_id = k.c AND f.surface = k.s AND NOT EXISTS (SELECT 1 FROM " + ACTIVE + " a WHERE " + level + ")";
        // a browser left with no every-level row has no folded event left: its identity goes, with any row of it left
        String forget = "WITH gone AS (DELETE FROM " + IDENTITIES + " i WHERE i.kind = 'v' AND i.identity_key = ANY($1::text[])"
                + " AND NOT EXISTS (SELECT 1 FROM " + FIRST_SEEN + " f WHERE f.kind = 'v' AND f.id = i.id AND f.customer_id = 0 AND f.surface = '*')"
                + " RETURNING id) DELETE FROM " + FIRST_SEEN + " f USING gone WHERE f.kind = 'v' AND f.id = gone.id";
        String[] anons = java.util.Arrays.stream((Object[]) lv[0]).map(String::valueOf).distinct().toArray(String[]::new);
        return conn.preparedQuery(update).execute(f.tuple()).flatMap(x -> conn.preparedQuery(delete).execute(g.tuple()))
                .flatMap(x -> conn.preparedQuery(forget).execute(Tuple.of((Object) anons))).replaceWithVoid();
    }

    /**
     * Events before the watermark, as a filter only: "+ 0" keeps a generic plan from reading every folded event by the
     * (xact_id, occurred_at) index instead of an hour's by the (type, occurred_at) one.
     */
    private static String folded(Watermark watermark, SqlFilter f) {
        return watermark.sql(true, f::bind).replace("xact_id", "xact_id + 0");
    }

    /** Column arrays of the keys (each a list of values of the given types). */
    private static Object[][] columns(Set<List<Object>> keys, Class<?>... types) {
        Object[][] cols = new Object[types.length][];
        List<List<Object>> rows = new ArrayList<>(keys);
        for (int c = 0; c < types.length; c++) {
            int n = rows.size();
            cols[c] = types[c] == Long.class ? new Long[n] : types[c] == OffsetDateTime.class ? new OffsetDateTime[n] : types[c] == UUID.class ? new UUID[n]
                    : new String[n];
            for (int r = 0; r < rows.size(); r++) {
                cols[c][r] = rows.get(r).get(c);
            }
        }
        return cols;
    }
}
