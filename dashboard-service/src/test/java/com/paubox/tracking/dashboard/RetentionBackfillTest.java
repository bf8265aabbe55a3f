package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.repository.RetentionRollup;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Row;

/**
 * V48's /retention tables on a database that had folded events before the migration: the rollup job's first window
 * after it folds those events into them once, day by day — the same rows the windows write — and only then may
 * answers read them (until then the raw events answer, the same triangle).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class RetentionBackfillTest extends RollupFixture {

    /** The tables' rows by identity key (ids are assigned in folding order). */
    List<String> rows() {
        List<String> out = new ArrayList<>();
        for (Row r : pool.query("SELECT f.kind, i.identity_key, f.customer_id, f.surface, f.first_at, f.last_month FROM " + RetentionRollup.FIRST_SEEN
                + " f JOIN " + RetentionRollup.IDENTITIES + " i USING (kind, id)").execute().await().indefinitely()) {
            out.add("seen " + r.getString(0) + " " + r.getString(1) + " " + r.getLong(2) + " " + r.getString(3) + " " + r.getOffsetDateTime(4).toInstant()
                    + " " + r.getLocalDate(5));
        }
        for (Row r : pool.query("SELECT a.kind, a.customer_id, a.surface, a.hour, array_agg(i.identity_key ORDER BY i.identity_key)::text FROM "
                + RetentionRollup.ACTIVE + " a CROSS JOIN unnest(a.ids) AS u(id) JOIN " + RetentionRollup.IDENTITIES
                + " i ON i.id = u.id GROUP BY 1, 2, 3, 4").execute().await().indefinitely()) {
            out.add("active " + r.getString(0) + " " + r.getLong(1) + " " + r.getString(2) + " " + r.getOffsetDateTime(3).toInstant() + " " + r.getString(4));
        }
        out.sort(null);
        return out;
    }

    boolean ready() {
        return RetentionRollup.ready(pool).await().indefinitely();
    }

    String answer() {
        return given().auth().oauth2(Tokens.admin()).queryParam("from", "2025-09-01").queryParam("to", "2025-10-26").queryParam("tz", "America/New_York")
                .when().get("/api/admin/analytics/retention").then().statusCode(200).extract().asString();
    }

    @Test
    void theEventsFoldedBeforeAreFoldedIntoTheTablesOnce() {
        Seeder.insert(pool, Seeder.generate(4811, 3000, LocalDate.of(2025, 9, 3), LocalDate.of(2025, 10, 20)));
        AnalyticsApiTest.rollAll(rollups);
        List<String> folded = rows();
        assertTrue(folded.size() > 1000, "the windows wrote the tables: " + folded.size());
        assertTrue(ready());
        String fromTables = answer();

        // as before V48: events folded, the tables empty, no backfill recorded
        execute("TRUNCATE " + RetentionRollup.IDENTITIES + ", " + RetentionRollup.FIRST_SEEN + ", " + RetentionRollup.ACTIVE);
        forgetBackfill("retention_cohorts");
        assertFalse(ready());
        assertEquals(fromTables, answer(), "the raw events answer meanwhile");

        rollups.refresh(null).await().indefinitely();
        assertTrue(ready());
        assertEquals(folded, rows(), "backfilled = folded window by window");
        assertEquals(fromTables, answer());
    }
}
