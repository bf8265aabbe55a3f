package com.paubox.tracking.dashboard.retention;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cohort triangle from ids (V48's dense identity ids): each identity's cohort (the period of its first event) and
 * a bit mask of the periods it was active in, then counted per (cohort, period). Periods are indexes into the range's
 * {@code bounds} (period i = [bounds[i], bounds[i + 1])), at most {@value #MAX_PERIODS} (a 400-day range has 59 weeks).
 * Primitive arrays and an open-addressing index of the ids, not a boxed map: a 12-week answer looks up ~800,000 active
 * ids among ~200,000 identities.
 */
public final class CohortMasks {

    public static final int MAX_PERIODS = 63;

    /** A count of the triangle: the identities of cohort {@code cohort} active in period {@code period}. */
    public interface Count {
        void accept(int cohort, int period, long n);
    }

    private final OffsetDateTime[] bounds;
    private long[] packed = new long[1024];
    private int size;
    private int[] ids;
    /** Open addressing: slot → index into {@link #ids} + 1 (0: empty); capacity a power of two, at most half full. */
    private int[] slots;
    private int[] cohort;
    private long[] mask;
    /** Identities seen only in the raw tail (or first seen in the range only through it): cohort and mask. */
    private final List<long[]> tailOnly = new ArrayList<>();

    public CohortMasks(OffsetDateTime[] bounds) {
        if (bounds.length - 1 > MAX_PERIODS) {
            throw new IllegalArgumentException("at most " + MAX_PERIODS + " periods");
        }
        this.bounds = bounds;
    }

    /** Identities first seen (per the rollups) in period {@code c}; call before {@link #index}. */
    public void cohort(int c, Integer[] members) {
        if (size + members.length > packed.length) {
            packed = Arrays.copyOf(packed, Math.max(packed.length * 2, size + members.length));
        }
        for (Integer id : members) {
            packed[size++] = (long) id << 6 | c;
        }
    }

    /** Once every cohort is in: the identities indexed by id, each active in its own period. */
    public void index() {
        ids = new int[size];
        cohort = new int[size];
        mask = new long[size];
        for (int i = 0; i < size; i++) {
            ids[i] = (int) (packed[i] >>> 6);
            cohort[i] = (int) (packed[i] & 63);
            mask[i] = 1L << cohort[i];
        }
        packed = null;
        slots = new int[Integer.highestOneBit(Math.max(size, 1)) << 2];
        for (int i = 0; i < size; i++) {
            int s = slot(ids[i]);
            while (slots[s] != 0) {
                s = (s + 1) & (slots.length - 1);
            }
            slots[s] = i + 1;
        }
    }

    private int slot(int id) {
        int h = id * 0x9E3779B9;
        return (h ^ h >>> 16) & (slots.length - 1);
    }

    /** The index of an identity of the cohorts, or -1. */
    private int indexOf(int id) {
        for (int s = slot(id);; s = (s + 1) & (slots.length - 1)) {
            int i = slots[s];
            if (i == 0) {
                return -1;
            }
            if (ids[i - 1] == id) {
                return i - 1;
            }
        }
    }

    /** Identities active (per the rollups) in period {@code p}: those of a cohort gain the period. */
    public void active(int p, Integer[] members) {
        for (Integer id : members) {
            int i = indexOf(id);
            if (i >= 0) {
                mask[i] |= 1L << p;
            }
        }
    }

    /**
     * An identity of the raw tail: {@code id} (null: not in the rollups), {@code seen} its first event per the rollups
     * (null: none), {@code first} its first tail event before the range's end (null: none), {@code periods} the periods
     * of its tail events in the range (1-based, as PostgreSQL's width_bucket). Its first event ever is the earlier one.
     */
    public void tail(Integer id, OffsetDateTime seen, OffsetDateTime first, Integer[] periods) {
        OffsetDateTime ever = seen == null ? first : first == null || seen.isBefore(first) ? seen : first;
        int i = id == null ? -1 : indexOf(id);
        if (ever == null || !ever.isBefore(bounds[bounds.length - 1])) {
            return;
        }
        if (ever.isBefore(bounds[0])) {
            if (i >= 0) {
                cohort[i] = -1; // first seen before the range after all
            }
            return;
        }
        int c = periodOf(ever);
        long m = 1L << c;
        for (Integer p : periods) {
            m |= 1L << (p - 1);
        }
        if (i >= 0) {
            cohort[i] = c;
            mask[i] |= m;
        } else {
            tailOnly.add(new long[] { c, m });
        }
    }

    private int periodOf(OffsetDateTime t) {
        int lo = 0;
        int hi = bounds.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (bounds[mid].isAfter(t)) {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        return lo;
    }

    /** Every non-zero count of the triangle. */
    public void counts(Count out) {
        int n = bounds.length - 1;
        long[][] counts = new long[n][n];
        for (int i = 0; i < ids.length; i++) {
            add(counts, cohort[i], mask[i]);
        }
        for (long[] t : tailOnly) {
            add(counts, (int) t[0], t[1]);
        }
        for (int c = 0; c < n; c++) {
            for (int p = c; p < n; p++) {
                if (counts[c][p] > 0) {
                    out.accept(c, p, counts[c][p]);
                }
            }
        }
    }

    private static void add(long[][] counts, int c, long m) {
        if (c < 0) {
            return;
        }
        for (long rest = m; rest != 0; rest &= rest - 1) {
            int p = Long.numberOfTrailingZeros(rest);
            if (p >= c) {
                counts[c][p]++;
            }
        }
    }
}
