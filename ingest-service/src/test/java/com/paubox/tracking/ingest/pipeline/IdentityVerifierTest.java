package com.paubox.tracking.ingest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.paubox.tracking.ingest.config.IdentityMode;
import com.paubox.tracking.ingest.pipeline.IdentityVerifier.Reason;
import com.paubox.tracking.ingest.pipeline.IdentityVerifier.Verdict;

/** The verifier on its own: every forgery refused for its reason, the matching rule, the cache, and a fuzz. */
class IdentityVerifierTest {

    static final EllipticCurveJsonWebKey TRUSTED = TestIdentity.generate("app-2026-12");

    @TempDir
    Path dir;

    IdentityVerifier verifier(List<EllipticCurveJsonWebKey> keys) {
        Path file = dir.resolve("jwks.json");
        TestIdentity.publish(file, keys);
        IdentityKeys loaded = new IdentityKeys(Optional.of(file.toString()), Runnable::run, Duration.ofHours(1));
        loaded.reload();
        return new IdentityVerifier(IdentityMode.VERIFY, loaded, Duration.ofSeconds(60));
    }

    static List<TestIdentity.Forgery> forgeries() {
        return TestIdentity.forgeries(TRUSTED);
    }

    @Test
    void aValidAssertionVouchesForItsSubAndCustomer() {
        Verdict v = verifier(List.of(TRUSTED)).verify(TestIdentity.sign(TRUSTED, TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER)));
        assertNull(v.failure());
        assertEquals(TestIdentity.SUB, v.assertion().sub());
        assertEquals(TestIdentity.CUSTOMER, v.assertion().customerId());
        assertNull(v.judge(TestIdentity.SUB, TestIdentity.CUSTOMER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void everyForgeryIsRefusedForItsReason(TestIdentity.Forgery forgery) {
        Verdict v = verifier(List.of(TRUSTED)).verify(forgery.token());
        assertNull(v.assertion(), forgery.name() + " was believed");
        assertEquals(forgery.reason(), v.failure(), forgery.name());
        assertEquals(forgery.reason(), v.judge(TestIdentity.SUB, TestIdentity.CUSTOMER));
        assertNull(v.judge(null, null), "an event claiming no one needs no assertion");
    }

    @Test
    void theMatchingRule() {
        IdentityVerifier verifier = verifier(List.of(TRUSTED));
        Verdict both = verifier.verify(TestIdentity.sign(TRUSTED, TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER)));
        assertNull(both.judge(TestIdentity.SUB, TestIdentity.CUSTOMER));
        assertNull(both.judge(TestIdentity.SUB, null), "claiming less than the assertion is allowed");
        assertNull(both.judge(null, TestIdentity.CUSTOMER), "a customer without a user, if it is the assertion's");
        assertEquals(Reason.MISMATCH, both.judge("auth0|someone-else", TestIdentity.CUSTOMER));
        assertEquals(Reason.MISMATCH, both.judge(TestIdentity.SUB, 7L));
        assertEquals(Reason.MISMATCH, both.judge(null, 7L));
        Verdict userOnly = verifier.verify(TestIdentity.sign(TRUSTED, TestIdentity.claims(TestIdentity.SUB, null)));
        assertNull(userOnly.judge(TestIdentity.SUB, null));
        assertEquals(Reason.MISMATCH, userOnly.judge(TestIdentity.SUB, TestIdentity.CUSTOMER), "no customer vouched for");
        assertEquals(Reason.MISSING, verifier.verify(null).judge(TestIdentity.SUB, null));
        assertEquals(Reason.MISSING, verifier.verify("").judge(null, TestIdentity.CUSTOMER));
    }

    @Test
    void aClockSkewOfAMinuteIsTolerated() {
        IdentityVerifier verifier = verifier(List.of(TRUSTED));
        long now = NumericDate.now().getValue();
        JwtClaims justExpired = TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER);
        justExpired.setIssuedAt(NumericDate.fromSeconds(now - 600));
        justExpired.setExpirationTime(NumericDate.fromSeconds(now - 30));
        assertNotNull(verifier.verify(TestIdentity.sign(TRUSTED, justExpired)).assertion());
        JwtClaims aheadClock = TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER);
        aheadClock.setIssuedAt(NumericDate.fromSeconds(now + 30));
        aheadClock.setExpirationTime(NumericDate.fromSeconds(now + 630));
        assertNotNull(verifier.verify(TestIdentity.sign(TRUSTED, aheadClock)).assertion());
        JwtClaims exactlyAnHour = TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER);
        exactlyAnHour.setIssuedAt(NumericDate.fromSeconds(now));
        exactlyAnHour.setExpirationTime(NumericDate.fromSeconds(now + 3600));
        assertNotNull(verifier.verify(TestIdentity.sign(TRUSTED, exactlyAnHour)).assertion());
    }

    @Test
    void aRememberedAssertionIsForgottenWhenItsKeyIsRemoved() throws Exception {
        EllipticCurveJsonWebKey next = TestIdentity.generate("app-2027-01");
        Path file = dir.resolve("rotating.json");
        TestIdentity.publish(file, List.of(TRUSTED, next));
        IdentityKeys keys = new IdentityKeys(Optional.of(file.toString()), Runnable::run, Duration.ofHours(1));
        keys.reload();
        IdentityVerifier verifier = new IdentityVerifier(IdentityMode.VERIFY, keys, Duration.ofSeconds(60));
        String old = TestIdentity.sign(TRUSTED, TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER));
        String fresh = TestIdentity.sign(next, TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER));
        assertNotNull(verifier.verify(old).assertion());
        assertNotNull(verifier.verify(old).assertion()); // from the cache
        assertNotNull(verifier.verify(fresh).assertion());
        TestIdentity.publish(file, List.of(next));
        keys.reload();
        assertEquals(Reason.INVALID, verifier.verify(old).failure());
        assertNotNull(verifier.verify(fresh).assertion());
    }

    /** Random bytes, truncated and shuffled segments, bad base64, huge or odd headers: always INVALID, never thrown. */
    @Test
    void malformedTokensAreInvalidNeverAnException() {
        IdentityVerifier verifier = verifier(List.of(TRUSTED));
        Random random = new Random(20261207L);
        String valid = TestIdentity.sign(TRUSTED, TestIdentity.claims(TestIdentity.SUB, TestIdentity.CUSTOMER));
        List<String> tokens = new ArrayList<>(MalformedTokens.fixedCases(valid, TRUSTED.getKeyId()));
        for (int i = 0; i < 3000; i++) {
            tokens.add(MalformedTokens.mutate(valid, random));
        }
        int refused = 0;
        for (String token : tokens) {
            Verdict v = verifier.verify(token);
            if (v.assertion() == null) {
                refused++;
                assertNotNull(v.failure());
            } else {
                // A mutation that decodes to the very same signed bytes (e.g. a changed padding bit) is still the original.
                assertEquals(TestIdentity.SUB, v.assertion().sub());
            }
        }
        assertEquals(true, refused > tokens.size() * 9 / 10, refused + " of " + tokens.size() + " refused");
    }

    @Test
    void aKeySetWithAPrivateKeyIsRefusedWhole() throws Exception {
        Path file = dir.resolve("leaked.json");
        Files.writeString(file, new org.jose4j.jwk.JsonWebKeySet(TRUSTED).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        IdentityKeys keys = new IdentityKeys(Optional.of(file.toString()), Runnable::run, Duration.ofHours(1));
        assertEquals(false, keys.reload());
        assertEquals(0, keys.size());
    }
}
