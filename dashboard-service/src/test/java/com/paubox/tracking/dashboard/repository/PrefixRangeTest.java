package com.paubox.tracking.dashboard.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.rollup.Cubes;
import com.paubox.tracking.dashboard.rollup.Fold;
import com.paubox.tracking.dashboard.rollup.RollupTable;
import com.paubox.tracking.dashboard.rollup.Section;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * A path prefix on a rollup column (the byte-order range it implies, V38's "C" collation; on the per-(customer, section)
 * rows also their sections' keys found by a loose index scan) selects exactly the paths (sections) that start with it,
 * for every prefix of awkward paths: LIKE's own wildcards, non-ASCII, a supplementary code point, the last code points
 * below the surrogates and of Unicode.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class PrefixRangeTest {

    /** An hour no other test reads (they count the last 45 days and June 2024). */
    static final OffsetDateTime HOUR = OffsetDateTime.of(2001, 3, 4, 5, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime DAY = HOUR.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    static final String SURFACE = "prefix-" + UUID.randomUUID();

    static final List<String> PATHS = List.of("/", "/messages", "/messages/", "/messages/inbox", "/messagesx/a", "/messaget", "/a_b%/weird",
            "/a\\b/c", "/axb/c", "/caf\u00e9/men\u00fc", "/cafe/", "/\uD83D\uDE00/smile", "/\uD83D\uDE01", "/\uD7FF/last", "/\uE000/after",
            "/\uFFFF/x", "/\uDBFF\uDFFF/max", "/\uDBFF\uDFFF", "/0");

    @Inject
    Pool pool;

    @Test
    void everyPrefixOfEveryPathSelectsExactlyThePathsStartingWithIt() {
        Fold fold = new Fold();
        int minute = 0;
        for (String path : PATHS) {
            fold.add(new Fold.Event(HOUR.plusMinutes(minute++), "page_view", SURFACE, 7, path, "", "", null, UUID.randomUUID(), null, 1L, 2L, null,
                    null, "", "", "", "", "", "", ""));
        }
        pool.withTransaction(conn -> RollupRepository.apply(conn, fold, false)).await().indefinitely();
        int checked = 0;
        for (String source : PATHS) {
            int[] codePoints = source.codePoints().toArray();
            for (int n = 1; n <= codePoints.length; n++) {
                String prefix = new String(codePoints, 0, n);
                SqlFilter f = SqlFilter.none();
                String sql = "SELECT page_path FROM " + RollupTable.PATHS.tableName() + " WHERE grain = 'h' AND bucket = " + f.bind(HOUR) + " AND surface = "
                        + f.bind(SURFACE) + " AND " + f.startsWith("page_path", prefix);
                Set<String> selected = new TreeSet<>();
                pool.preparedQuery(sql).execute(f.tuple()).await().indefinitely().forEach(r -> selected.add(r.getString("page_path")));
                Set<String> expected = PATHS.stream().filter(p -> p.startsWith(prefix)).collect(Collectors.toCollection(TreeSet::new));
                assertEquals(expected, selected, "prefix " + prefix.codePoints().mapToObj(Integer::toHexString).toList());
                // the per-(customer, section) day rows by their sections' keys (a loose index scan, then equality)
                SqlFilter g = SqlFilter.none();
                String keyed = "SELECT section FROM " + RollupTable.CUSTOMER_SECTIONS.tableName() + " WHERE grain = 'd' AND bucket = " + g.bind(DAY)
                        + " AND surface = " + g.bind(SURFACE) + " AND " + g.startsWithKeyOf(RollupTable.CUSTOMER_SECTIONS, "section", prefix);
                Set<String> sections = new TreeSet<>();
                pool.preparedQuery(keyed).execute(g.tuple()).await().indefinitely().forEach(r -> sections.add(r.getString("section")));
                Set<String> expectedSections = PATHS.stream().map(Section::of).filter(p -> p.startsWith(prefix))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(expectedSections, sections, "sections, prefix " + prefix.codePoints().mapToObj(Integer::toHexString).toList());
                checked++;
            }
        }
        assertTrue(checked > 100, "checked " + checked);
    }

    @Test
    void theUpperBoundRaisesTheLastCodePointThatCanBeRaised() {
        assertEquals("/messaget", SqlFilter.upperBound("/messages"));
        assertEquals("/messages0", SqlFilter.upperBound("/messages/"));
        assertEquals("/\uE000", SqlFilter.upperBound("/\uD7FF"), "past the surrogates");
        assertEquals("/\uD83D\uDE01", SqlFilter.upperBound("/\uD83D\uDE00"), "a supplementary code point as one");
        assertEquals("0", SqlFilter.upperBound("/\uDBFF\uDFFF"), "the last code point cannot be raised: the one before it is");
        assertNull(SqlFilter.upperBound("\uDBFF\uDFFF"));
    }

    @AfterEach
    void removeTheRows() {
        for (String cube : Cubes.tableNames()) {
            pool.preparedQuery("DELETE FROM " + cube + " WHERE bucket >= $1 AND bucket < $2").execute(Tuple.of(HOUR.minusDays(1), HOUR.plusDays(1)))
                    .await().indefinitely();
        }
    }
}
