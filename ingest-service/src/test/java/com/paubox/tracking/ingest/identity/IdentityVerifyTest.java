package com.paubox.tracking.ingest.identity;

import static com.paubox.tracking.ingest.identity.IdentityHttp.allRejected;
import static com.paubox.tracking.ingest.identity.IdentityHttp.batch;
import static com.paubox.tracking.ingest.identity.IdentityHttp.claimed;
import static com.paubox.tracking.ingest.identity.IdentityHttp.event;
import static com.paubox.tracking.ingest.identity.IdentityHttp.post;
import static com.paubox.tracking.ingest.identity.IdentityHttp.rejected;
import static com.paubox.tracking.ingest.identity.IdentityHttp.row;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.paubox.tracking.database.PostgresTestResource;
import com.paubox.tracking.ingest.pipeline.MalformedTokens;
import com.paubox.tracking.ingest.pipeline.TestIdentity;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;

/**
 * ANALYTICS_IDENTITY_MODE=verify over HTTP and PostgreSQL: a beacon's user_sub/customer_id are stored only when the
 * batch's assertion vouches for them; otherwise the event is stored anonymous and counted by reason.
 */
@QuarkusTest
@TestProfile(IdentityProfiles.Verify.class)
@QuarkusTestResource(PostgresTestResource.class)
class IdentityVerifyTest {

    static final EllipticCurveJsonWebKey KEY = IdentityProfiles.trusted();

    @Inject
    Pool pool;

    static List<TestIdentity.Forgery> forgeries() {
        return TestIdentity.forgeries(KEY);
    }

    static String valid(String sub, Long customer) {
        return TestIdentity.sign(KEY, TestIdentity.claims(sub, customer));
    }

    static void assertIdentity(Row row, String sub, Long customer) {
        assertNotNull(row, "not stored");
        assertEquals(sub, row.getString("user_sub"));
        assertEquals(customer, row.getLong("customer_id"));
    }

    @Test
    void aValidAssertionKeepsTheIdentityItNames() {
        double[] before = allRejected();
        ObjectNode both = claimed();
        ObjectNode userOnly = event(TestIdentity.SUB, null);
        ObjectNode customerOnly = event(null, TestIdentity.CUSTOMER);
        ObjectNode anonymous = event(null, null);
        post(batch(valid(TestIdentity.SUB, TestIdentity.CUSTOMER), List.of(both, userOnly, customerOnly, anonymous))).statusCode(204);
        assertIdentity(row(pool, both), TestIdentity.SUB, TestIdentity.CUSTOMER);
        assertIdentity(row(pool, userOnly), TestIdentity.SUB, null);
        assertIdentity(row(pool, customerOnly), null, TestIdentity.CUSTOMER);
        assertIdentity(row(pool, anonymous), null, null);
        // The same token again (from the cache) still vouches.
        ObjectNode again = claimed();
        post(batch(valid(TestIdentity.SUB, TestIdentity.CUSTOMER), List.of(again))).statusCode(204);
        assertIdentity(row(pool, again), TestIdentity.SUB, TestIdentity.CUSTOMER);
        assertArrayEquals(before, allRejected(), "nothing rejected");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void aForgedAssertionLeavesTheEventAnonymousAndIsCounted(TestIdentity.Forgery forgery) {
        String reason = forgery.reason().tag();
        double before = rejected(reason);
        ObjectNode e = claimed();
        ObjectNode anonymous = event(null, null);
        post(batch(forgery.token(), List.of(e, anonymous))).statusCode(204);
        assertIdentity(row(pool, e), null, null);
        assertIdentity(row(pool, anonymous), null, null);
        assertEquals(before + 1, rejected(reason), forgery.name() + " counted as " + reason);
    }

    @Test
    void anIdentityOtherThanTheAssertionsIsAMismatch() {
        double before = rejected("mismatch");
        String token = valid(TestIdentity.SUB, TestIdentity.CUSTOMER);
        ObjectNode otherUser = event("auth0|someone-else", TestIdentity.CUSTOMER);
        ObjectNode otherCustomer = event(TestIdentity.SUB, 7L);
        ObjectNode customerOfAnother = event(null, 7L);
        ObjectNode vouched = claimed();
        post(batch(token, List.of(otherUser, otherCustomer, customerOfAnother, vouched))).statusCode(204);
        assertIdentity(row(pool, otherUser), null, null);
        assertIdentity(row(pool, otherCustomer), null, null);
        assertIdentity(row(pool, customerOfAnother), null, null);
        assertIdentity(row(pool, vouched), TestIdentity.SUB, TestIdentity.CUSTOMER);
        assertEquals(before + 3, rejected("mismatch"));

        // An assertion naming no customer vouches for no customer_id.
        ObjectNode withCustomer = claimed();
        post(batch(valid(TestIdentity.SUB, null), List.of(withCustomer))).statusCode(204);
        assertIdentity(row(pool, withCustomer), null, null);
        assertEquals(before + 4, rejected("mismatch"));
    }

    @Test
    void anIdentityWithoutAnAssertionIsMissingAndAnonymousEventsNeedNone() {
        double[] before = allRejected();
        ObjectNode claimedAlone = claimed();
        ObjectNode anonymous = event(null, null);
        post(batch(null, List.of(claimedAlone, anonymous))).statusCode(204);
        post(anonymous.deepCopy().put("event_id", java.util.UUID.randomUUID().toString())).statusCode(204); // a single event: no token field
        ObjectNode single = claimed();
        post(single).statusCode(204);
        assertIdentity(row(pool, claimedAlone), null, null);
        assertIdentity(row(pool, anonymous), null, null);
        assertIdentity(row(pool, single), null, null);
        double[] after = allRejected();
        assertEquals(before[0] + 2, after[0], "missing");
        assertEquals(before[1], after[1]);
        assertEquals(before[2], after[2]);
        assertEquals(before[3], after[3]);
    }

    @Test
    void aTokenThatBreaksTheContractIsA400NamingIt() {
        ObjectNode e = claimed();
        post(batch(null, List.of(e)).put("identity_token", "eyJ" + "A".repeat(4094))).statusCode(400)
                .body("field", equalTo("identity_token"));
        post(batch(null, List.of(e)).put("identity_token", 12345)).statusCode(400).body("field", equalTo("identity_token"));
        post(batch(null, List.of(e)).set("identity_token", IdentityHttp.JSON.createObjectNode())).statusCode(400)
                .body("field", equalTo("identity_token"));
        post(e.deepCopy().put("identity_token", valid(TestIdentity.SUB, TestIdentity.CUSTOMER))).statusCode(400)
                .body("field", equalTo("identity_token"));
        assertNull(row(pool, e));
    }

    /** Malformed tokens of every kind through the endpoint: always 204, never an identity stored, never a 5xx. */
    @Test
    void malformedTokensNeverYieldA5xx() {
        Random random = new Random(29L);
        String good = valid(TestIdentity.SUB, TestIdentity.CUSTOMER);
        List<String> tokens = new ArrayList<>(MalformedTokens.fixedCases(good, KEY.getKeyId()));
        for (int i = 0; i < 300; i++) {
            tokens.add(MalformedTokens.mutate(good, random));
        }
        int stored = 0;
        for (String token : tokens) {
            ObjectNode e = claimed();
            int status = post(batch(null, List.of(e)).put("identity_token", token)).extract().statusCode();
            assertTrue(status == 204 || status == 400, "status " + status + " for a malformed token");
            Row row = row(pool, e);
            if (status == 204) {
                stored++;
                assertNotNull(row);
                if (row.getString("user_sub") != null) {
                    // Only a mutation decoding to the very same signed bytes can still vouch.
                    assertEquals(TestIdentity.SUB, row.getString("user_sub"));
                }
            } else {
                assertNull(row);
            }
        }
        assertTrue(stored > tokens.size() / 2, stored + " of " + tokens.size() + " stored");
        post(batch(good, List.of(claimed()))).statusCode(204);
    }
}
