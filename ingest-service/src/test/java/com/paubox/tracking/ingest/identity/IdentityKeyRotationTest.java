package com.paubox.tracking.ingest.identity;

import static com.paubox.tracking.ingest.identity.IdentityHttp.batch;
import static com.paubox.tracking.ingest.identity.IdentityHttp.claimed;
import static com.paubox.tracking.ingest.identity.IdentityHttp.metric;
import static com.paubox.tracking.ingest.identity.IdentityHttp.post;
import static com.paubox.tracking.ingest.identity.IdentityHttp.rejected;
import static com.paubox.tracking.ingest.identity.IdentityHttp.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.paubox.tracking.database.PostgresTestResource;
import com.paubox.tracking.ingest.pipeline.TestIdentity;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * Key rotation without a restart (docs/security.md): with two keys in the JWKS tokens of either are valid; once the
 * old key is removed from the file, the periodic reload (1 s here, 60 s by default) makes its tokens invalid, even
 * those verified and remembered before, while the new key's stay valid.
 */
@QuarkusTest
@TestProfile(IdentityProfiles.Rotation.class)
@QuarkusTestResource(PostgresTestResource.class)
class IdentityKeyRotationTest {

    static final String KEYS_LOADED = "analytics_identity_keys";

    @Inject
    Pool pool;

    String storedSub(String token) {
        ObjectNode e = claimed();
        post(batch(token, List.of(e))).statusCode(204);
        return row(pool, e).getString("user_sub");
    }

    @Test
    void tokensOfBothKeysAreValidThenTheRemovedKeysAreNot() throws Exception {
        List<EllipticCurveJsonWebKey> keys = IdentityProfiles.rotating();
        EllipticCurveJsonWebKey old = keys.get(0);
        EllipticCurveJsonWebKey next = keys.get(1);
        String oldToken = TestIdentity.sign(old, TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER));
        String newToken = TestIdentity.sign(next, TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER));
        assertEquals(2.0, metric(KEYS_LOADED));
        assertEquals(TestIdentity.SUB, storedSub(oldToken));
        assertEquals(TestIdentity.SUB, storedSub(newToken));

        // Step 3 of the rotation: the old key leaves the JWKS; no restart.
        TestIdentity.publish(IdentityProfiles.ROTATION_KEYS.resolve("public.json"), List.of(next));
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (metric(KEYS_LOADED) != 1.0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(1.0, metric(KEYS_LOADED), "the key set was not reloaded");
        double invalid = rejected("invalid");
        assertEquals(null, storedSub(oldToken), "a token of the removed key still vouches");
        assertEquals(invalid + 1, rejected("invalid"));
        assertEquals(TestIdentity.SUB, storedSub(newToken));

        // A key published later (the next rotation) is picked up the same way.
        EllipticCurveJsonWebKey third = TestIdentity.generate("app-third");
        TestIdentity.publish(IdentityProfiles.ROTATION_KEYS.resolve("public.json"), List.of(next, third));
        String thirdToken = TestIdentity.sign(third, TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER));
        deadline = System.nanoTime() + 15_000_000_000L;
        String sub = storedSub(thirdToken);
        while (sub == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
            sub = storedSub(thirdToken);
        }
        assertEquals(TestIdentity.SUB, sub);
        assertTrue(metric(KEYS_LOADED) == 2.0);
    }
}
