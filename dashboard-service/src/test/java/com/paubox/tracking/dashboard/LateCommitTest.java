package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.paubox.tracking.dashboard.repository.RollupRepository;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * Issue 26, "nothing is ever behind the watermark": rows that commit after the rollups caught up but carry a receive
 * time 5 minutes old (a slow ingest pod clock, a commit held up by a lock) are counted at once and folded by the next
 * run; the lag gauge says how long they have waited, not how far the pod's clock is off.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class LateCommitTest {

    static final String SURFACE = "late-commit";
    static final LocalDate FIRST = TestData.TODAY.minusDays(120);
    static final LocalDate LAST = TestData.TODAY.minusDays(118);

    @Inject
    Pool pool;

    @Inject
    RollupRepository rollups;

    @AfterEach
    void cleanUp() {
        pool.preparedQuery("DELETE FROM analytics_events WHERE surface = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(SURFACE))
                .await().indefinitely();
        rollups.reset().await().indefinitely();
    }

    @Test
    void rowsCommittedLateWithAnOldReceiveTimeAreCountedAtOnceAndFoldedByTheNextRun() {
        TestData.ensureSeeded(pool);
        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
        assertEquals(0.0, lag(), "every committed event is folded");

        OffsetDateTime slowClock = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        List<SeededEvent> late = Seeder.generate(99, 120, FIRST, LAST).stream().map(LateCommitTest::onSurface).toList();
        Seeder.insert(pool, late, e -> slowClock);
        Expected expected = new Expected(late, FIRST, LAST, "UTC", null, SURFACE, null);

        AnalyticsApiTest.assertAnswer(expected.overview(), overview(), "counted before any run folds them");
        // a run that folds nothing (capped at the watermark): the gauge now measures how long the rows have waited
        rollups.refresh(rollups.watermark().await().indefinitely()).await().indefinitely();
        double waited = lag();
        assertTrue(waited > 0 && waited < 20, "lag while the late rows wait: " + waited + " s (not the 300 s the pod clock is off)");

        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
        assertEquals(0, count("SELECT count(*) FROM analytics_events e, analytics_rollup_watermark w WHERE e.surface = '" + SURFACE
                + "' AND (e.xact_id, e.occurred_at) >= (w.folded_xact, coalesce(w.folded_occurred, '-infinity'))"), "the next run folded them");
        assertEquals(late.stream().filter(e -> e.type().equals("page_view")).count(),
                count("SELECT coalesce(sum(page_views), 0) FROM analytics_rollup_totals WHERE grain = 'h' AND surface = '" + SURFACE + "'"
                        + " AND customer_id = 0"), "their page views are in the hour rows");
        AnalyticsApiTest.assertAnswer(expected.overview(), overview(), "counted once they are folded");
        assertEquals(0.0, lag(), "nothing waits");
    }

    /** Bench phase 2c found the gauge measured only when a run ended: 0 for the 10 s until the next one while events piled up. */
    @Test
    void theGaugeRisesWhileCommittedRowsWaitBetweenRuns() throws InterruptedException {
        TestData.ensureSeeded(pool);
        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
        assertEquals(0.0, lag(), "every committed event is folded");

        Seeder.insert(pool, Seeder.generate(98, 40, FIRST, LAST).stream().map(LateCommitTest::onSurface).toList(), e -> OffsetDateTime.now(ZoneOffset.UTC));
        // no run folds them (the job is off in tests): the probe alone measures, every second
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lag() == 0.0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        double first = lag();
        assertTrue(first > 0, "the gauge shows the wait without a run");
        Thread.sleep(2_500);
        assertTrue(lag() >= first + 1, "and keeps rising while the rows wait: " + first + " s, then " + lag() + " s");

        rollups.catchUp(null, Duration.ofMinutes(2)).await().indefinitely();
        assertEquals(0.0, lag(), "nothing waits once they are folded");
    }

    static SeededEvent onSurface(SeededEvent e) {
        return new SeededEvent(e.eventId(), e.occurredAt(), e.type(), e.anonId(), e.sessionId(), e.sessionCount(), e.userSub(), e.customerId(),
                SURFACE, e.pagePath(), e.durationMs(), e.visibleMs(), e.label(), e.element(), e.hrefPath(), e.errorCode(), e.geoCity(),
                e.geoRegion(), e.geoCountry(), e.browser(), e.os(), e.deviceType());
    }

    JsonNode overview() {
        String body = given().auth().oauth2(Tokens.admin()).accept("application/json")
                .queryParams(Map.of("from", FIRST.toString(), "to", LAST.toString(), "tz", "UTC", "surface", SURFACE))
                .when().get(AnalyticsApiTest.BASE + "overview").then().statusCode(200).extract().asString();
        return AnalyticsApiTest.tree(body);
    }

    long count(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getLong(0);
    }

    static double lag() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("analytics_rollup_lag_seconds ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError("analytics_rollup_lag_seconds missing from /q/metrics"));
    }
}
