package com.paubox.tracking.dashboard.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.rollup.Cubes;
import com.paubox.tracking.dashboard.rollup.Fold;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * A session's row in the per-user session rollup keeps the sections of all its events in that hour, also when they
 * are folded by different rollup windows (the second window's upsert adds what the row lacks).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class SessionSectionsTest {

    /** An hour no other test reads (they count the last 45 days and June 2024). */
    static final OffsetDateTime HOUR = OffsetDateTime.of(2001, 2, 3, 4, 0, 0, 0, ZoneOffset.UTC);
    static final String USER = "auth0|sections-" + UUID.randomUUID();
    static final UUID SESSION = UUID.randomUUID();

    @Inject
    Pool pool;

    Fold window(String... paths) {
        Fold fold = new Fold();
        int minute = 0;
        for (String path : paths) {
            fold.add(new Fold.Event(HOUR.plusMinutes(minute++), "page_view", "dashboard", 7, path, "", "", USER, SESSION, 42L, 1L, 2L, null, null,
                    "", "", "", "", "", "", ""));
        }
        return fold;
    }

    String sections() {
        return pool.preparedQuery("SELECT array_to_string(sections, ' ') AS s FROM " + RollupRepository.USER_SESSIONS + " WHERE user_sub = $1")
                .execute(Tuple.of(USER)).await().indefinitely().iterator().next().getString("s");
    }

    void apply(Fold fold) {
        pool.withTransaction(conn -> RollupRepository.apply(conn, fold, true)).await().indefinitely();
    }

    @Test
    void laterWindowsAddTheSectionsTheRowLacks() {
        apply(window("/messages/inbox", "/messages/sent", "/pricing"));
        assertEquals("/messages/ /pricing", sections());
        apply(window("/a\"b\\c/x", "/messages/:id"));
        assertEquals("/a\"b\\c/ /messages/ /pricing", sections(), "quotes and backslashes survive the array literal");
        apply(window("/pricing"));
        assertEquals("/a\"b\\c/ /messages/ /pricing", sections());
        assertEquals(1L, pool.preparedQuery("SELECT count(*) AS n FROM " + RollupRepository.USER_SESSIONS + " WHERE user_sub = $1")
                .execute(Tuple.of(USER)).await().indefinitely().iterator().next().getLong("n"));
        assertEquals(6L, pool.preparedQuery("SELECT sum(page_views) AS n FROM analytics_rollup_sections WHERE bucket = $1 AND surface = 'dashboard'")
                .execute(Tuple.of(HOUR)).await().indefinitely().iterator().next().getLong("n"), "the hour's section rows count every page view");
    }

    @AfterEach
    void removeTheRows() {
        pool.preparedQuery("DELETE FROM " + RollupRepository.USER_SESSIONS + " WHERE user_sub = $1").execute(Tuple.of(USER)).await().indefinitely();
        for (String cube : Cubes.tableNames()) {
            pool.preparedQuery("DELETE FROM " + cube + " WHERE bucket >= $1 AND bucket < $2").execute(Tuple.of(HOUR.minusDays(1), HOUR.plusDays(1)))
                    .await().indefinitely();
        }
    }
}
