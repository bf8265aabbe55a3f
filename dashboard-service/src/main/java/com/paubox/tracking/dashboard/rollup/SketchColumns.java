package com.paubox.tracking.dashboard.rollup;

import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;

import com.paubox.tracking.dashboard.rollup.Fold.Cell;
import com.paubox.tracking.dashboard.rollup.Fold.Cell.Sketch;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;

/** The cubes' sketch columns (bytea, null = no value): a stored row's added to a cell's, a cell's written. */
public final class SketchColumns {

    private SketchColumns() {
    }

    /** A serialized sketch as a bytea parameter (null stays null). */
    public static Buffer buffer(byte[] b) {
        return b == null ? null : Buffer.buffer(b);
    }

    public static byte[] bytes(Row r, String column) {
        io.vertx.mutiny.core.buffer.Buffer b = r.getBuffer(column);
        return b == null ? null : b.getBytes();
    }

    /** Adds a stored row's sketch of {@code s} to the cell's: at once, or at the cell's settle() if it defers unions. */
    public static void union(Cell c, Sketch s, Row r) {
        byte[] stored = bytes(r, s.column);
        if (stored == null) {
            return;
        }
        if (c.defersUnions()) {
            c.unionLater(s, stored);
            return;
        }
        Hll.Merge m = new Hll.Merge();
        m.add(c.get(s));
        m.add(stored);
        c.set(s, m.result());
    }

    /** {@code cell} unioned with a stored row's HLL sketch {@code column}. */
    public static HllSketch union(HllSketch cell, Row r, String column) {
        byte[] stored = bytes(r, column);
        if (stored == null) {
            return cell;
        }
        Hll.Merge m = new Hll.Merge();
        m.add(cell);
        m.add(stored);
        return m.result();
    }

    /** {@code cell} merged with a stored row's frequent-items sketch {@code column} (map size {@code mapSize}). */
    public static ItemsSketch<String> items(ItemsSketch<String> cell, Row r, String column, int mapSize) {
        byte[] stored = bytes(r, column);
        if (stored == null) {
            return cell;
        }
        Items.Merge m = new Items.Merge(mapSize);
        m.add(cell);
        m.add(stored);
        return m.result();
    }
}
