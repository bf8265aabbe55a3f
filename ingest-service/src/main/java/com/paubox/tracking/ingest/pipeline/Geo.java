package com.paubox.tracking.ingest.pipeline;

/** Where a login came from, at the configured precision; any part may be null. */
public record Geo(String city, String region, String country) {
    public static final Geo NONE = new Geo(null, null, null);
}
