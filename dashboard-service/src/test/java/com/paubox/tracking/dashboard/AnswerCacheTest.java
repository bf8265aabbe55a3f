package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.service.AnalyticsService;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * The answer cache (on in production, off in the other tests): a repeated question is answered from the cache
 * and still audited, another question is not, an erasure empties the cache, and an answer expires after the
 * configured lifetime.
 */
@QuarkusTest
@TestProfile(AnswerCacheTest.CacheOn.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class AnswerCacheTest {

    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // long enough that nothing expires by itself during the test, however slow the machine
            return Map.of("quarkus.cache.enabled", "true", "ANALYTICS_CACHE_TTL", "1H");
        }
    }

    static final String SUB = "auth0|cache-erased";
    static final String RANGE = "/api/admin/analytics/overview?from=2023-02-01&to=2023-02-07";

    @Inject
    Pool pool;

    @Inject
    @CacheName(AnalyticsService.CACHE)
    Cache answers;

    long sql(String query) {
        return pool.query(query).execute().await().indefinitely().iterator().next().getLong(0);
    }

    long pageViews() {
        return sql("SELECT count(*) FROM analytics_events WHERE type = 'page_view'"
                + " AND occurred_at >= '2023-02-01T00:00:00Z' AND occurred_at < '2023-02-08T00:00:00Z'");
    }

    static long answered(String url) {
        return given().auth().oauth2(Tokens.admin()).when().get(url).then().statusCode(200).extract().jsonPath().getLong("page_views");
    }

    /** count page views on 2023-02-02..03, of one subject when sub is not null. */
    static List<SeededEvent> pageViews(long seed, int count, String sub) {
        List<SeededEvent> out = new ArrayList<>();
        for (SeededEvent e : Seeder.generate(seed, count, LocalDate.of(2023, 2, 2), LocalDate.of(2023, 2, 3))) {
            out.add(new SeededEvent(UUID.randomUUID(), e.occurredAt(), "page_view", e.anonId(), e.sessionId(), e.sessionCount(),
                    sub == null ? e.userSub() : sub, e.customerId(), e.surface(), e.pagePath(), null, null, null, null, null,
                    null, null, null, null, e.browser(), e.os(), e.deviceType()));
        }
        return out;
    }

    @Test
    void repeatedQuestionsComeFromTheCacheUntilErasureOrExpiry() throws InterruptedException {
        Seeder.insert(pool, pageViews(31, 40, null));
        Seeder.insert(pool, pageViews(32, 7, SUB));
        long before = pageViews();
        assertEquals(before, answered(RANGE));

        // rows added after the answer was computed: the same question gets the kept answer, audited all the same
        Seeder.insert(pool, pageViews(33, 5, null));
        long audited = sql("SELECT count(*) FROM audit_log");
        assertEquals(before, answered(RANGE));
        assertEquals(audited + 1, sql("SELECT count(*) FROM audit_log"));
        // another question (here another time zone, the same instants in February) is computed afresh
        assertEquals(before + 5, answered(RANGE + "&tz=Europe/London"));
        // and so is the same range on another endpoint: each answers in its own shape, not with a kept overview
        String params = RANGE.substring(RANGE.indexOf('?'));
        for (String other : List.of("sessions", "customers", "pages", "clicks", "logins")) {
            String body = given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/" + other + params).then()
                    .statusCode(200).extract().asString();
            assertFalse(body.contains("unique_visitors"), other + " answered with an overview: " + body);
        }
        given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/sessions" + params).then().statusCode(200)
                .body("distribution", notNullValue());
        given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/logins" + params).then().statusCode(200)
                .body("failures_by_code", notNullValue());
        given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/timeseries" + params + "&metric=page_views").then()
                .statusCode(200).body("metric", equalTo("page_views"));
        given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/timeseries" + params + "&metric=clicks").then()
                .statusCode(200).body("metric", equalTo("clicks"));

        // erasure empties the cache: the next answer holds the new rows and not the erased subject's
        given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/{sub}", SUB).then().statusCode(200);
        long afterErasure = pageViews();
        assertEquals(before + 5 - 7, afterErasure);
        assertEquals(afterErasure, answered(RANGE));

        // ANALYTICS_CACHE_TTL is the cache's lifetime; with a short one, a kept answer expires by itself
        assertEquals(Duration.ofHours(1), ConfigProvider.getConfig()
                .getValue("quarkus.cache.caffeine.\"" + AnalyticsService.CACHE + "\".expire-after-write", Duration.class));
        Seeder.insert(pool, pageViews(34, 3, null));
        assertEquals(afterErasure, answered(RANGE));
        answers.as(CaffeineCache.class).setExpireAfterWrite(Duration.ofMillis(200));
        Thread.sleep(500);
        assertEquals(afterErasure + 3, answered(RANGE));
    }
}
