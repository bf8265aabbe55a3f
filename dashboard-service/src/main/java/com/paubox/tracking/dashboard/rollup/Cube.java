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
 * themselves: {@link Cubes}.
 */
public record Cube<K extends Fold.Key>(RollupTable table, Set<Grain> grains, Set<Grain> everySurface, String[] keyCols, String[] keyTypes,
        Function<K, Object[]> key, Function<Row, K> readKey, String[] valueCols, String[] valueTypes, Function<Cell, Object[]> values,
        BiConsumer<Cell, Row> addStored, Function<Fold, Map<K, Cell>> cells) {

    public String tableName() {
        return table.tableName();
    }

    /** The key then the value columns' SQL types: a whole row's. */
    public String[] rowTypes() {
        String[] out = java.util.Arrays.copyOf(keyTypes, keyTypes.length + valueTypes.length);
        System.arraycopy(valueTypes, 0, out, keyTypes.length, valueTypes.length);
        return out;
    }
}
