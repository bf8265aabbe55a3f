package com.paubox.tracking.dashboard.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * /retention's hourly ids (V48) gain a window's ids only when it brings new ones ({@link RetentionRollup#UNION_IDS}),
 * by either of its checks: containment for small arrays, the hashed difference for an every-customer hour's large ones.
 * An unchanged row is not rewritten (its command id stays).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ActiveIdsMergeTest {

    @Inject
    Pool pool;

    @Test
    void aFewIdsAreMergedOnlyWhenTheWindowBringsNewOnes() {
        assertMerge(new Integer[] { 1, 2, 3 }, new Integer[] { 2 }, false, new Integer[] { 1, 2, 3 });
        assertMerge(new Integer[] { 1, 2, 3 }, new Integer[] { 2, 4 }, true, new Integer[] { 1, 2, 3, 4 });
    }

    @Test
    void anHoursManyIdsAreMergedOnlyWhenTheWindowBringsNewOnes() {
        // 1,000 × 200 pairs: past the containment check's bound, the hashed difference decides
        Integer[] stored = range(1, 1000);
        assertMerge(stored, range(1, 200), false, stored);
        Integer[] window = Arrays.copyOf(range(1, 199), 200);
        window[199] = 1001;
        assertMerge(stored, window, true, range(1, 1001));
    }

    private void assertMerge(Integer[] stored, Integer[] window, boolean rewritten, Integer[] expected) {
        Row after = pool.withTransaction(conn -> conn.query("CREATE TEMP TABLE active_ids (k int PRIMARY KEY, ids int[]) ON COMMIT DROP").execute()
                .flatMap(x -> conn.preparedQuery("INSERT INTO active_ids VALUES (1, $1)").execute(Tuple.of(stored)))
                .flatMap(x -> commandId(conn)).flatMap(before -> conn.preparedQuery("INSERT INTO active_ids AS t VALUES (1, $1) ON CONFLICT (k) DO UPDATE "
                        + RetentionRollup.UNION_IDS)
                        .execute(Tuple.of(window))
                        // a later command of the same transaction: a rewritten row has a new command id, not a new xmin
                        .flatMap(x -> conn.query("SELECT ids, cmin::text::int <> " + before + " AS rewritten FROM active_ids").execute())
                        .map(rows -> rows.iterator().next())))
                .await().indefinitely();
        assertEquals(List.of(expected), List.of(after.getArrayOfIntegers("ids")));
        assertEquals(rewritten, after.getBoolean("rewritten"), rewritten ? "the row gained ids" : "an unchanged row is not rewritten");
    }

    private static Uni<Integer> commandId(SqlConnection conn) {
        return conn.query("SELECT cmin::text::int AS c FROM active_ids").execute().map(rows -> rows.iterator().next().getInteger("c"));
    }

    private static Integer[] range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toArray(Integer[]::new);
    }
}
