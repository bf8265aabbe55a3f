package com.paubox.tracking.ingest.identity;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.EllipticCurveJsonWebKey;

import com.paubox.tracking.ingest.pipeline.TestIdentity;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The identity modes under test, each with a JWKS file of test keys generated under target/ (never committed). */
final class IdentityProfiles {

    static final Path KEYS = Path.of("target", "identity-test-keys").toAbsolutePath();
    static final Path ROTATION_KEYS = Path.of("target", "identity-rotation-keys").toAbsolutePath();

    private IdentityProfiles() {
    }

    /** The key the service trusts in the verify and require profiles. */
    static EllipticCurveJsonWebKey trusted() {
        return TestIdentity.keys(KEYS, "app-test-1").get(0);
    }

    /** The two keys of the rotation test: the old one, then the new one. */
    static List<EllipticCurveJsonWebKey> rotating() {
        return TestIdentity.keys(ROTATION_KEYS, "app-old", "app-new");
    }

    static Map<String, String> overrides(String mode, Path keys) {
        return Map.of("analytics.identity.mode", mode, "analytics.identity.keys", keys.resolve("public.json").toString());
    }

    public static class Verify implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            trusted();
            return overrides("verify", KEYS);
        }
    }

    public static class Require implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            trusted();
            return overrides("require", KEYS);
        }
    }

    /** Verify, with both rotation keys published at start and the key set read again every second. */
    public static class Rotation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestIdentity.publish(ROTATION_KEYS.resolve("public.json"), rotating());
            Map<String, String> o = new java.util.HashMap<>(overrides("verify", ROTATION_KEYS));
            o.put("analytics.identity.reload-interval", "1s");
            return o;
        }
    }
}
