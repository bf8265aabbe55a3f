package com.paubox.tracking.ingest.rest;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Production-like: behind a trusted proxy (127.0.0.1, where the tests connect from), the production rate
 * limit, and health/metrics on the management interface (production builds with it enabled).
 */
public class TrustedProxyProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.trusted-proxies", "127.0.0.1",
                "analytics.rate-limit-per-minute", "60",
                "quarkus.management.enabled", "true",
                "quarkus.management.test-port", "0");
    }
}
