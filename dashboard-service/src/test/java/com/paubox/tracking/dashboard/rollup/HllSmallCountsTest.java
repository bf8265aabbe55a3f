package com.paubox.tracking.dashboard.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.apache.datasketches.hll.HllSketch;
import org.junit.jupiter.api.Test;

/**
 * /logins folds breakdown rows of fewer distinct users than a threshold (5 by default) counted with these sketches, so
 * the count must be exact where the threshold lies: k − 1 and k users must never be told apart wrongly. The sketch keeps
 * every value up to a few hundred (list and set modes); this checks the unions the answers build — serialized cube
 * sketches (as stored, wrapped) and raw hashes, with repeats — count exactly, for every n up to 300 over many draws.
 */
class HllSmallCountsTest {

    @Test
    void unionsOfSketchesAndHashesCountSmallGroupsExactly() {
        Random random = new Random(29);
        for (int n = 0; n <= 300; n++) {
            for (int draw = 0; draw < (n <= 20 ? 200 : 5); draw++) {
                long[] users = new long[n];
                for (int i = 0; i < n; i++) {
                    users[i] = random.nextLong();
                }
                Hll.Merge merge = new Hll.Merge();
                // spread over a few cube rows (each user in one or more) and raw events, as one breakdown row reads them
                int rows = 1 + random.nextInt(4);
                for (int r = 0; r < rows; r++) {
                    HllSketch row = Hll.sketch();
                    for (long u : users) {
                        if (random.nextInt(rows) == r || random.nextInt(3) == 0) {
                            row.update(u);
                        }
                    }
                    merge.add(Hll.bytes(row));
                }
                for (long u : users) {
                    merge.add(u);
                }
                assertEquals(n, merge.value(), "distinct users of " + n);
                Hll.Merge again = new Hll.Merge();
                again.add(merge.result());
                assertEquals(n, again.value(), "a union of the union, " + n);
            }
        }
    }
}
