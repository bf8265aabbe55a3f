package com.paubox.tracking.dashboard.repository.report;

import java.util.List;

import com.paubox.tracking.dashboard.rollup.Items;

/**
 * What one aggregation ({@link RollupQuery}) reads and computes: the cube rows ({@code cube}; null: none) grouped by
 * {@code cubeKeys} and the raw events matching {@code rawWhere} grouped by {@code rawKeys} (the same values, in the same
 * order), and per key the measures, distinct counts and frequent-items sketches. Built as
 * {@code Aggregation.by(keys).cube(…).raw(…).measures(…)}.
 */
record Aggregation(CubeSource cube, List<String> cubeKeys, String rawWhere, List<String> rawKeys, List<Measure> measures,
        List<Distinct> distincts, List<Top> tops) {

    /** A counter: summed cube column expression and its raw-event aggregate; {@code max}: take the largest instead. */
    record Measure(String name, String cube, String raw, boolean max) {
        static Measure sum(String name, String cube, String raw) {
            return new Measure(name, cube, raw, false);
        }
    }

    /** A distinct count: the cube's sketch column, the raw events' value hash and the condition for a raw event to count. */
    record Distinct(String name, String cubeColumn, String rawHash, String rawCondition) {
    }

    /**
     * The merged frequent-items sketches of a cube column ({@link Items}); raw pieces add nothing here: the caller
     * counts their values with {@link Plan#rawOnly()}.
     */
    record Top(String name, String cubeColumn, int mapSize) {
    }

    /** Grouped by the same key expressions in cube rows and raw events. */
    static Aggregation by(List<String> keys) {
        return by(keys, keys);
    }

    static Aggregation by(List<String> cubeKeys, List<String> rawKeys) {
        return new Aggregation(null, cubeKeys, null, rawKeys, List.of(), List.of(), List.of());
    }

    Aggregation cube(CubeSource source) {
        return new Aggregation(source, cubeKeys, rawWhere, rawKeys, measures, distincts, tops);
    }

    Aggregation raw(String where) {
        return new Aggregation(cube, cubeKeys, where, rawKeys, measures, distincts, tops);
    }

    Aggregation measures(List<Measure> list) {
        return new Aggregation(cube, cubeKeys, rawWhere, rawKeys, list, distincts, tops);
    }

    Aggregation distincts(List<Distinct> list) {
        return new Aggregation(cube, cubeKeys, rawWhere, rawKeys, measures, list, tops);
    }

    /** Frequent-items sketches of the cube rows (raw pieces add none to them). */
    Aggregation tops(List<Top> list) {
        return new Aggregation(cube, cubeKeys, rawWhere, rawKeys, measures, distincts, list);
    }
}
