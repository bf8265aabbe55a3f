package com.paubox.tracking.dashboard.rollup;

import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

import com.paubox.tracking.dashboard.rollup.Fold.Cell;

import io.vertx.mutiny.sqlclient.Row;

/**
 * One rollup cube as everything that writes it reads it (the window's merge, erasure's rebuild, the backfills): its
 * table; the grains it holds rows of and those with every-surface ('*') rows; its key columns with their SQL types, how
 * a fold key becomes their values and how a stored row's key is read back; its value columns with their SQL types, how
 * a cell becomes their values and how a stored row adds to a cell; and which of a fold's cells it stores. The cubes
 * themselves: {@link Cubes}. Grouped as keys and measures, so a cube reads as a few named parts, not twelve positional ones.
 */
public record Cube<K extends Fold.Key>(RollupTable table, Set<Grain> grains, Set<Grain> everySurface, Keys<K> keys, Measures measures,
        Function<Fold, Map<K, Cell>> cells) {

    /** The key columns (grain and bucket first) with their SQL types; how a fold key becomes their values, and a stored row's key back. */
    public record Keys<K>(String[] columns, String[] types, Function<K, Object[]> write, Function<Row, K> read) {
    }

    /** The value columns (counters, sketches) with their SQL types; how a cell becomes their values, and how a stored row adds to a cell. */
    public record Measures(String[] columns, String[] types, Function<Cell, Object[]> write, BiConsumer<Cell, Row> addStored) {
    }

    public String tableName() {
        return table.tableName();
    }

    public String[] keyCols() {
        return keys.columns();
    }

    public String[] keyTypes() {
        return keys.types();
    }

    public Function<K, Object[]> key() {
        return keys.write();
    }

    public Function<Row, K> readKey() {
        return keys.read();
    }

    public String[] valueCols() {
        return measures.columns();
    }

    public String[] valueTypes() {
        return measures.types();
    }

    public Function<Cell, Object[]> values() {
        return measures.write();
    }

    public BiConsumer<Cell, Row> addStored() {
        return measures.addStored();
    }

    /** The key then the value columns' SQL types: a whole row's. */
    public String[] rowTypes() {
        String[] out = java.util.Arrays.copyOf(keys.types(), keys.types().length + measures.types().length);
        System.arraycopy(measures.types(), 0, out, keys.types().length, measures.types().length);
        return out;
    }
}
