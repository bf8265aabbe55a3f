package com.paubox.tracking.dashboard.rollup;

import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Frequent-items sketches of strings (Apache DataSketches {@link ItemsSketch}): a label's pages and element tags,
 * weighted by clicks, mergeable across rows and buckets. Counts are exact while a sketch has seen at most 3/4 of its
 * map size of distinct items (48 pages, 12 tags); beyond that each count is an estimate within
 * {@link ItemsSketch#getMaximumError()}, and the top item is the one with the largest estimate.
 */
public final class Items {

    /** Map sizes (powers of two): a label's pages, and its element tags. */
    public static final int PAGES = 64;
    public static final int ELEMENTS = 16;

    private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

    private Items() {
    }

    public static ItemsSketch<String> sketch(int mapSize) {
        return new ItemsSketch<>(mapSize);
    }

    /** Serialized, or null for an empty sketch. */
    public static byte[] bytes(ItemsSketch<String> sketch) {
        return sketch == null || sketch.isEmpty() ? null : sketch.toByteArray(SERDE);
    }

    public static ItemsSketch<String> heapify(byte[] serialized) {
        return ItemsSketch.getInstance(Memory.wrap(serialized), SERDE);
    }

    /** A running merge of serialized sketches and single items; {@link #top()} is the most frequent non-empty item. */
    public static final class Merge {

        private final int mapSize;
        private ItemsSketch<String> merged;

        public Merge(int mapSize) {
            this.mapSize = mapSize;
        }

        public void add(byte[] serialized) {
            if (serialized != null) {
                add(heapify(serialized));
            }
        }

        public void add(ItemsSketch<String> sketch) {
            if (sketch != null && !sketch.isEmpty()) {
                if (merged == null) {
                    merged = sketch(mapSize);
                }
                merged.merge(sketch);
            }
        }

        public void add(String item, long count) {
            if (item != null && !item.isEmpty() && count > 0) {
                if (merged == null) {
                    merged = sketch(mapSize);
                }
                merged.update(item, count);
            }
        }

        public ItemsSketch<String> result() {
            return merged;
        }

        /** The item with the largest (estimated) count; ties: the alphabetically first. Null when none was seen. */
        public String top() {
            if (merged == null) {
                return null;
            }
            String best = null;
            long bestCount = -1;
            for (ItemsSketch.Row<String> row : merged.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
                long n = row.getEstimate();
                if (n > bestCount || (n == bestCount && row.getItem().compareTo(best) < 0)) {
                    best = row.getItem();
                    bestCount = n;
                }
            }
            return best;
        }
    }
}
