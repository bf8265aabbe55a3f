package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.hll.HllSketch;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.repository.RetentionRollup;
import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.dashboard.rollup.Items;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Issue 26, "erasure bounded": erasing a subject rebuilds only the cube rows its events reached, and afterwards every
 * rollup table holds exactly what a rebuild from scratch of the remaining events holds — counters equal, sketches with
 * the same estimates and frequent items — so no cube still counts the subject, including the cells where it was alone
 * (its own path, label, customer and surface) and the shared ones of every day it was active.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ErasureRebuildTest {

    static final String SUB = "auth0|erase-me-everywhere";

    @Inject
    Pool pool;

    @Inject
    RollupRepository rollups;

    /** The subject's events: on the seeded days among everyone's, and alone on a path, label, customer and surface of its own. */
    static List<SeededEvent> subjectEvents() {
        List<SeededEvent> out = new ArrayList<>();
        int i = 0;
        for (SeededEvent e : Seeder.generate(2026, 90, TestData.FIRST_DAY, TestData.LAST_DAY)) {
            boolean alone = i % 3 == 0;
            String type = e.type().equals("login_failure") ? "login_success" : e.type();
            out.add(new SeededEvent(UUID.randomUUID(), e.occurredAt(), type, e.anonId(), e.sessionId(), e.sessionCount(), SUB,
                    alone ? Long.valueOf(424242) : e.customerId(), i % 5 == 0 ? "solo" : e.surface(), alone ? "/solo/only-me" : e.pagePath(),
                    e.durationMs(), e.visibleMs(), type.equals("click") && alone ? "solo_btn" : e.label(), e.element(), e.hrefPath(), null,
                    e.geoCity(), e.geoRegion(), e.geoCountry(), e.browser(), e.os(), e.deviceType()));
            i++;
        }
        return out;
    }

    @Test
    void afterAnErasureEveryRollupTableEqualsARebuildWithoutTheSubject() {
        TestData.ensureSeeded(pool);
        try {
            Seeder.insert(pool, subjectEvents(), true);
            rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
            assertTrue(count("SELECT count(*) FROM analytics_rollup_paths WHERE page_path = '/solo/only-me'") > 0, "the subject's own rows exist");

            given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/{sub}", SUB).then().statusCode(200)
                    .body("deleted", equalTo(90));
            Map<String, List<String>> afterErasure = rollupTables();

            rollups.reset().await().indefinitely();
            rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
            Map<String, List<String>> rebuilt = rollupTables();

            assertEquals(rebuilt.keySet(), afterErasure.keySet());
            rebuilt.forEach((table, rows) -> assertEquals(rows, afterErasure.get(table), table));
            assertEquals(0, count("SELECT count(*) FROM analytics_rollup_paths WHERE page_path = '/solo/only-me'"));
            assertEquals(0, count("SELECT count(*) FROM analytics_rollup_labels WHERE label = 'solo_btn'"));
            assertEquals(0, count("SELECT count(*) FROM analytics_rollup_totals WHERE customer_id = 424242 OR surface = 'solo'"));
            assertEquals(0, count("SELECT count(*) FROM analytics_rollup_user_sessions WHERE user_sub = '" + SUB + "'"));
        } finally {
            pool.preparedQuery("DELETE FROM analytics_events WHERE user_sub = $1").execute(Tuple.of(SUB)).await().indefinitely();
            rollups.reset().await().indefinitely();
        }
    }

    /** /retention's tables (V48) by identity, not by id: a rebuild numbers the identities in its own order. */
    static final Map<String, String> BY_IDENTITY = Map.of(
            RetentionRollup.IDENTITIES, "SELECT kind, identity_key FROM " + RetentionRollup.IDENTITIES,
            RetentionRollup.FIRST_SEEN, "SELECT f.kind, i.identity_key, f.customer_id, f.surface, f.first_at, f.last_month FROM " + RetentionRollup.FIRST_SEEN
                    + " f JOIN " + RetentionRollup.IDENTITIES + " i USING (kind, id)",
            RetentionRollup.ACTIVE, "SELECT a.kind, a.customer_id, a.surface, a.hour, (SELECT array_agg(i.identity_key ORDER BY i.identity_key) FROM unnest(a.ids)"
                    + " AS u(id) JOIN " + RetentionRollup.IDENTITIES + " i ON i.id = u.id) AS identities, cardinality(a.ids) AS n FROM " + RetentionRollup.ACTIVE + " a");

    long count(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getLong(0);
    }

    /** Every rollup table's rows, each as one comparable line (sketches as their estimates and frequent items), sorted. */
    Map<String, List<String>> rollupTables() {
        Map<String, List<String>> out = new TreeMap<>();
        for (Row t : pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                + " AND table_name LIKE 'analytics_rollup_%' AND table_name <> 'analytics_rollup_watermark'").execute().await().indefinitely()) {
            String table = t.getString(0);
            out.put(table, lines(pool, BY_IDENTITY.getOrDefault(table, "SELECT * FROM " + table)));
        }
        return out;
    }

    /** A query's rows, each as one comparable line (sketches as their estimates and frequent items), sorted. */
    static List<String> lines(Pool pool, String sql) {
        List<String> rows = new ArrayList<>();
        for (Row r : pool.query(sql).execute().await().indefinitely()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(r.getColumnName(i)).append('=').append(value(r.getColumnName(i), r.getValue(i))).append(' ');
            }
            rows.add(line.toString());
        }
        rows.sort(null);
        return rows;
    }

    static String value(String column, Object v) {
        byte[] bytes = v instanceof Buffer b ? b.getBytes() : v instanceof io.vertx.core.buffer.Buffer b ? b.getBytes() : null;
        if (bytes != null) {
            if (column.equals("pages") || column.equals("elements")) {
                Map<String, Long> items = new TreeMap<>();
                for (var row : Items.heapify(bytes).getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
                    items.put(row.getItem(), row.getEstimate());
                }
                return items.toString();
            }
            return String.format("%.6f", HllSketch.heapify(bytes).getEstimate());
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof Object[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(v);
    }
}
