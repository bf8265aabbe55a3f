package com.paubox.tracking.ingest.config;

/**
 * What the ingest service does with the identity a beacon claims (docs/ingest.md, "Identity assertions"):
 * {@code OFF} believes it (local runs and the tests that predate signed assertions), {@code VERIFY} keeps it only
 * when the batch's signed assertion vouches for it and stores the event anonymous otherwise, {@code REQUIRE} drops
 * such an event instead.
 */
public enum IdentityMode {
    OFF, VERIFY, REQUIRE;
}
