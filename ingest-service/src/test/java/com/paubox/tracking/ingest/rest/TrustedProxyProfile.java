package com.paubox.tracking.ingest.rest;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Behind a trusted proxy (127.0.0.1, where the tests connect from) with the production rate limit. */
public class TrustedProxyProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.trusted-proxies", "127.0.0.1",
                "analytics.rate-limit-per-minute", "60");
    }
}
