package com.paubox.tracking.dashboard.model;

/** Result of a right-to-erasure request. */
public record Erasure(String userSub, long deleted) {
}
