package com.paubox.tracking.ingest.identity;

import static com.paubox.tracking.ingest.identity.IdentityHttp.batch;
import static com.paubox.tracking.ingest.identity.IdentityHttp.claimed;
import static com.paubox.tracking.ingest.identity.IdentityHttp.event;
import static com.paubox.tracking.ingest.identity.IdentityHttp.metric;
import static com.paubox.tracking.ingest.identity.IdentityHttp.post;
import static com.paubox.tracking.ingest.identity.IdentityHttp.rejected;
import static com.paubox.tracking.ingest.identity.IdentityHttp.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.paubox.tracking.database.PostgresTestResource;
import com.paubox.tracking.ingest.pipeline.TestIdentity;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * ANALYTICS_IDENTITY_MODE=require: an event whose identity no valid assertion vouches for is dropped (the answer is
 * still 204, like the rate limit) and counted by reason; vouched and anonymous events are stored.
 */
@QuarkusTest
@TestProfile(IdentityProfiles.Require.class)
@QuarkusTestResource(PostgresTestResource.class)
class IdentityRequireTest {

    static final EllipticCurveJsonWebKey KEY = IdentityProfiles.trusted();
    static final String DROPPED = "analytics_ingest_events_total{outcome=\"identity_rejected\"}";

    @Inject
    Pool pool;

    static List<TestIdentity.Forgery> forgeries() {
        return TestIdentity.forgeries(KEY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void aForgedAssertionDropsTheEventAndIsCounted(TestIdentity.Forgery forgery) {
        String reason = forgery.reason().tag();
        double before = rejected(reason);
        double dropped = metric(DROPPED);
        ObjectNode e = claimed();
        ObjectNode anonymous = event(null, null);
        post(batch(forgery.token(), List.of(e, anonymous))).statusCode(204);
        assertNull(row(pool, e), forgery.name() + " stored");
        assertNotNull(row(pool, anonymous), "an event claiming no one needs no assertion");
        assertEquals(before + 1, rejected(reason), forgery.name() + " counted as " + reason);
        assertEquals(dropped + 1, metric(DROPPED));
    }

    @Test
    void vouchedEventsAreStoredOthersDroppedMissingAndMismatchCounted() {
        double missing = rejected("missing");
        double mismatch = rejected("mismatch");
        String token = TestIdentity.sign(KEY, TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER));
        ObjectNode vouched = claimed();
        ObjectNode otherUser = event("auth0|someone-else", null);
        ObjectNode otherCustomer = event(null, 7L);
        post(batch(token, List.of(vouched, otherUser, otherCustomer))).statusCode(204);
        assertEquals(TestIdentity.SUB, row(pool, vouched).getString("user_sub"));
        assertNull(row(pool, otherUser));
        assertNull(row(pool, otherCustomer));
        assertEquals(mismatch + 2, rejected("mismatch"));

        // Every event of the batch dropped: still 204, nothing written.
        ObjectNode unvouched = claimed();
        post(batch(null, List.of(unvouched))).statusCode(204);
        post(claimed()).statusCode(204); // a single event carries no token
        assertNull(row(pool, unvouched));
        assertEquals(missing + 2, rejected("missing"));
    }
}
