package com.paubox.tracking.dashboard.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.apache.datasketches.frequencies.ItemsSketch;
import org.junit.jupiter.api.Test;

/** The top item of merged frequent-items sketches: exact for few items, the true top for a skewed spread over many. */
class ItemsTest {

    @Test
    void fewItemsAreCountedExactlyAcrossSerializedSketchesAndTiesGoToTheAlphabeticallyFirst() {
        ItemsSketch<String> a = Items.sketch(Items.PAGES);
        a.update("/b", 3);
        a.update("/a", 1);
        ItemsSketch<String> b = Items.sketch(Items.PAGES);
        b.update("/a", 2);
        Items.Merge m = new Items.Merge(Items.PAGES);
        m.add(Items.bytes(a));
        m.add(Items.bytes(b));
        assertEquals("/a", m.top(), "3 each: the alphabetically first");
        m.add("/b", 1);
        assertEquals("/b", m.top());
        m.add("", 100);
        assertEquals("/b", m.top(), "'' (no value) never wins");
        assertEquals(0, m.result().getMaximumError(), "few items: exact counts");
        assertNull(new Items.Merge(Items.PAGES).top());
        assertNull(Items.bytes(Items.sketch(Items.PAGES)), "an empty sketch is stored as NULL");
    }

    @Test
    void aSketchWhoseMapFilledWithEqualCountsCanHoldNoItemAndIsStoredAsNull() {
        // 49 pages clicked once each: the map (64, purged at 48 items) drops every item of the median count, 1 —
        // the sketch has seen clicks but keeps no page, so the rollup rows' item columns must allow NULL (V37)
        ItemsSketch<String> s = Items.sketch(Items.PAGES);
        for (int i = 0; i < 49; i++) {
            s.update("/p" + i);
        }
        assertEquals(49, s.getStreamLength());
        assertNull(Items.bytes(s));
        Items.Merge m = new Items.Merge(Items.PAGES);
        m.add(Items.bytes(s));
        m.add("/p7", 2);
        assertEquals("/p7", m.top(), "a NULL sketch adds nothing to a merge");
    }

    @Test
    void aSkewedSpreadOverFourHundredPagesAndManySketchesKeepsTheTruePage() {
        // as the benchmark's seed: 400 paths, popularity floor(random^2.5 * 400); one sketch per (label, day)
        Random random = new Random(7);
        Map<String, Long> exact = new HashMap<>();
        Items.Merge m = new Items.Merge(Items.PAGES);
        for (int day = 0; day < 30; day++) {
            ItemsSketch<String> s = Items.sketch(Items.PAGES);
            for (int i = 0; i < 2_000; i++) {
                String path = "/p" + (int) Math.floor(Math.pow(random.nextDouble(), 2.5) * 400);
                s.update(path);
                exact.merge(path, 1L, Long::sum);
            }
            m.add(Items.bytes(s));
        }
        String top = exact.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()).orElseThrow().getKey();
        assertEquals(top, m.top());
    }
}
