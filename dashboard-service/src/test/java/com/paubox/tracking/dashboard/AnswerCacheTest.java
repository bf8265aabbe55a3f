package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

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
            return Map.of("quarkus.cache.enabled", "true", "ANALYTICS_CACHE_TTL", "3S");
        }
    }

    static final String SUB = "auth0|cache-erased";
    static final String RANGE = "/api/admin/analytics/overview?from=2023-02-01&to=2023-02-07";

    @Inject
    Pool pool;

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
        // another question (here another time zone) is computed afresh
        assertEquals(before + 5, answered(RANGE + "&tz=UTC"));

        // erasure empties the cache: the next answer holds the new rows and not the erased subject's
        given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/{sub}", SUB).then().statusCode(200);
        long afterErasure = pageViews();
        assertEquals(before + 5 - 7, afterErasure);
        assertEquals(afterErasure, answered(RANGE));

        // and an answer lives only ANALYTICS_CACHE_TTL (3 s here)
        Seeder.insert(pool, pageViews(34, 3, null));
        assertEquals(afterErasure, answered(RANGE));
        long deadline = System.currentTimeMillis() + 10_000;
        long now = afterErasure;
        while (now != afterErasure + 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            now = answered(RANGE);
        }
        assertEquals(afterErasure + 3, now);
        assertTrue(System.currentTimeMillis() < deadline);
    }
}
