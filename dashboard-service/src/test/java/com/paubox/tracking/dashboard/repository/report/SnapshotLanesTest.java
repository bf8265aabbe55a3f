package com.paubox.tracking.dashboard.repository.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.repository.SqlFilter;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * A parallel answer's two connections read one snapshot: a row committed by someone else after the answer began is
 * seen by neither, even by the second connection's first statement (it imported the first one's snapshot).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class SnapshotLanesTest {

    @Inject
    Pool pool;

    @Test
    void bothConnectionsSeeTheSnapshotTheAnswerBeganWith() {
        pool.query("CREATE TABLE IF NOT EXISTS snapshot_lanes_probe (n int)").execute().await().indefinitely();
        pool.query("TRUNCATE snapshot_lanes_probe").execute().await().indefinitely();
        AnalyticsQuery q = new AnalyticsQuery(LocalDate.now(), LocalDate.now(), ZoneOffset.UTC, null, null, null);
        String count = "SELECT count(*) AS n FROM snapshot_lanes_probe";
        List<Long> seen = Snapshot.readInParallel(pool, q, s -> pool.query("INSERT INTO snapshot_lanes_probe VALUES (1)").execute()
                // two statements at once: one on each connection
                .flatMap(x -> Uni.combine().all().unis(s.select(count, SqlFilter.none()), s.select(count, SqlFilter.none())).asTuple())
                .map(t -> List.of(t.getItem1().iterator().next().getLong("n"), t.getItem2().iterator().next().getLong("n")))).await().indefinitely();
        assertEquals(List.of(0L, 0L), seen, "the row committed after the answer began, on either connection");
        assertEquals(1L, pool.query(count).execute().await().indefinitely().iterator().next().getLong("n"));
        pool.query("DROP TABLE snapshot_lanes_probe").execute().await().indefinitely();
    }
}
