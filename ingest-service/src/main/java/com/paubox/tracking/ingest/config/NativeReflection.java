package com.paubox.tracking.ingest.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native-image readiness: the MaxMind reader builds these records through their annotated constructors by
 * reflection, which a native image only allows for registered classes. (No effect in JVM mode.) The vendored
 * resources (isbot patterns, uap-core regexes) are listed in quarkus.native.resources.includes.
 */
@RegisterForReflection(targets = { com.maxmind.geoip2.model.CityResponse.class, com.maxmind.geoip2.record.City.class,
        com.maxmind.geoip2.record.Continent.class, com.maxmind.geoip2.record.Country.class, com.maxmind.geoip2.record.Location.class,
        com.maxmind.geoip2.record.MaxMind.class, com.maxmind.geoip2.record.Postal.class,
        com.maxmind.geoip2.record.RepresentedCountry.class, com.maxmind.geoip2.record.Subdivision.class,
        com.maxmind.geoip2.record.Traits.class }, registerFullHierarchy = true)
public final class NativeReflection {

    private NativeReflection() {
    }
}
