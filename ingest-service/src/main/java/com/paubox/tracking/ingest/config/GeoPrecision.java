package com.paubox.tracking.ingest.config;

/** How much geography a login event keeps: sub-state geography is PHI, so this is configurable. */
public enum GeoPrecision {
    CITY, REGION, COUNTRY, NONE;

    public boolean keepsCity() {
        return this == CITY;
    }

    public boolean keepsRegion() {
        return this == CITY || this == REGION;
    }

    public boolean keepsCountry() {
        return this != NONE;
    }
}
