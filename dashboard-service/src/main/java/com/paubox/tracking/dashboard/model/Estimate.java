package com.paubox.tracking.dashboard.model;

/**
 * How good a distinct count is. {@code method} is {@code exact} when the sketch still holds every value (small
 * counts: {@code rse} 0, bounds equal to the figure) and {@code hll} when it estimates (HyperLogLog); {@code lower}
 * and {@code upper} are the 95 % bounds (two standard errors) and {@code rse} the relative standard error.
 */
public record Estimate(String method, double rse, long lower, long upper) {

    /** Nothing to count: exactly zero. */
    public static final Estimate EXACT_ZERO = new Estimate("exact", 0.0, 0, 0);
}
