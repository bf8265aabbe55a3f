package com.paubox.tracking.dashboard.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The registry says what the fold writes: each cube's grains, and the grains with every-surface ('*') rows. */
class CubesTest {

    static Fold.Event event(String type, long customer) {
        return new Fold.Event(OffsetDateTime.parse("2026-11-10T13:45:00Z"), type, "dashboard", customer, "/messages/inbox", "send",
                "button", "auth0|u1", UUID.randomUUID(), 11L, 12L, 13L, null, null, "", "US", "WA", "Seattle", "Chrome", "macOS", "desktop");
    }

    @Test
    void everyCubeHoldsExactlyTheGrainsItDeclares() {
        Fold fold = new Fold();
        for (String type : List.of("page_view", "click", "login_success", "time_on_page")) {
            fold.add(event(type, 7));
            fold.add(event(type, 0));
        }
        for (Cube<?> cube : Cubes.ALL) {
            check(cube, fold);
        }
        assertEquals(Cubes.ALL.size(), Set.copyOf(Cubes.tableNames()).size(), "one cube a table");
    }

    private static <K extends Fold.Key> void check(Cube<K> cube, Fold fold) {
        int surface = List.of(cube.keyCols()).indexOf("surface");
        Set<Grain> grains = EnumSet.noneOf(Grain.class);
        Set<Grain> everySurface = EnumSet.noneOf(Grain.class);
        for (K k : cube.cells().apply(fold).keySet()) {
            Object[] values = cube.key().apply(k);
            assertEquals(cube.keyCols().length, values.length, cube.tableName());
            assertEquals(k.grain().code(), values[0], cube.tableName());
            grains.add(k.grain());
            if ("*".equals(values[surface])) {
                everySurface.add(k.grain());
            }
        }
        assertEquals(cube.grains(), grains, cube.tableName());
        assertEquals(cube.everySurface(), everySurface, cube.tableName());
        assertTrue(cube.rowTypes().length == cube.keyCols().length + cube.valueCols().length, cube.tableName());
    }
}
