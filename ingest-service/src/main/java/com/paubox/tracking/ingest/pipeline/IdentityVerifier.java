package com.paubox.tracking.ingest.pipeline;

import java.security.Key;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.UnresolvableKeyException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.paubox.tracking.ingest.config.IdentityMode;

/**
 * Decides whether a beacon's identity is vouched for (docs/ingest.md, "Identity assertions"). The host
 * application's server signs a short-lived assertion (compact JWS, ES256, header {@code kid}; claims {@code sub},
 * {@code customer_id}, {@code iat}, {@code exp} at most an hour after {@code iat}, {@code aud} =
 * {@value #AUDIENCE}); a batch carries it as {@code identity_token}. jose4j checks it, with ES256 the only algorithm
 * allowed, so {@code alg: none} and HS256 keyed with the public key fail before any key is used.
 *
 * <p>One token per batch, verified once and then remembered until its expiry (an ECDSA verification is ~0.1 ms of
 * CPU; a session sends the same token with every batch), never longer than the key that signed it stays loaded.
 */
public final class IdentityVerifier {

    public static final String AUDIENCE = "paubox-tracking-ingest";
    /** The longest an assertion may live ({@code exp - iat}). */
    public static final Duration MAX_LIFETIME = Duration.ofHours(1);
    /** Characters of remembered tokens at most (a token is ~500 chars: ~8,000 sessions). */
    private static final long CACHE_WEIGHT = 4_000_000;

    /** Why an event's claimed identity was not believed; the tag of analytics_identity_rejected_events_total. */
    public enum Reason {
        /** The event names a user or customer but the batch has no assertion. */
        MISSING,
        /** The assertion is not one our keys signed as the contract says (signature, kid, alg, aud, claims, form). */
        INVALID,
        /** A valid assertion whose exp has passed (beyond the allowed clock skew). */
        EXPIRED,
        /** A valid assertion for someone else: the event's user_sub or customer_id differs from it. */
        MISMATCH;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a valid assertion vouches for; {@code customerId} null when it names no customer. */
    public record Assertion(String sub, Long customerId, long expiresAtSeconds) {
    }

    /** The verdict on one batch's token: an assertion, or why there is none. */
    public record Verdict(Assertion assertion, Reason failure) {

        static final Verdict MISSING = new Verdict(null, Reason.MISSING);
        static final Verdict INVALID = new Verdict(null, Reason.INVALID);
        static final Verdict EXPIRED = new Verdict(null, Reason.EXPIRED);

        /**
         * Null when the event's identity stands, else why it does not. An event claiming no one (both null) needs no
         * assertion. Otherwise every identity value it carries must be the assertion's: a null user_sub or
         * customer_id claims less and is allowed, a different one is a mismatch (so is any customer_id when the
         * assertion names no customer).
         */
        public Reason judge(String userSub, Long customerId) {
            if (userSub == null && customerId == null) {
                return null;
            }
            if (failure != null) {
                return failure;
            }
            if (userSub != null && !userSub.equals(assertion.sub())) {
                return Reason.MISMATCH;
            }
            if (customerId != null && !customerId.equals(assertion.customerId())) {
                return Reason.MISMATCH;
            }
            return null;
        }
    }

    private record Remembered(Assertion assertion, long keysVersion) {
    }

    private final IdentityMode mode;
    private final IdentityKeys keys;
    private final JwtConsumer consumer;
    private final long skewSeconds;
    private final Cache<String, Remembered> verified;

    public IdentityVerifier(IdentityMode mode, IdentityKeys keys, Duration clockSkew) {
        this.mode = mode;
        this.keys = keys;
        this.skewSeconds = clockSkew.toSeconds();
        this.consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setJweAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT) // no JWE: nothing to decrypt
                .setVerificationKeyResolver((jws, nesting) -> keyOf(jws.getKeyIdHeaderValue()))
                .setExpectedAudience(true, AUDIENCE)
                .setRequireSubject()
                .setRequireIssuedAt()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds((int) skewSeconds)
                .build();
        this.verified = Caffeine.newBuilder()
                .maximumWeight(CACHE_WEIGHT)
                .<String, Remembered>weigher((token, r) -> token.length())
                .expireAfter(new Expiry<String, Remembered>() {
                    @Override
                    public long expireAfterCreate(String token, Remembered r, long currentTime) {
                        long seconds = r.assertion().expiresAtSeconds() + skewSeconds - NumericDate.now().getValue();
                        return TimeUnit.SECONDS.toNanos(Math.max(0, seconds));
                    }

                    @Override
                    public long expireAfterUpdate(String token, Remembered r, long currentTime, long currentDuration) {
                        return expireAfterCreate(token, r, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String token, Remembered r, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    public IdentityMode mode() {
        return mode;
    }

    /** The verdict on a batch's token (null or empty: missing). CPU only: never blocks. */
    public Verdict verify(String token) {
        if (token == null || token.isEmpty()) {
            return Verdict.MISSING;
        }
        Remembered known = verified.getIfPresent(token);
        long now = NumericDate.now().getValue();
        if (known != null && known.keysVersion() == keys.version() && now <= known.assertion().expiresAtSeconds() + skewSeconds) {
            return new Verdict(known.assertion(), null);
        }
        long keysVersion = keys.version();
        Verdict verdict = check(token, now);
        if (verdict.assertion() != null) {
            verified.put(token, new Remembered(verdict.assertion(), keysVersion));
        }
        return verdict;
    }

    private Verdict check(String token, long now) {
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            return e.hasExpired() ? Verdict.EXPIRED : Verdict.INVALID;
        } catch (RuntimeException e) {
            // Whatever a hostile token makes the parser throw, it is the token's fault.
            return Verdict.INVALID;
        }
        try {
            long issuedAt = claims.getIssuedAt().getValue();
            long expiresAt = claims.getExpirationTime().getValue();
            if (issuedAt > now + skewSeconds || expiresAt - issuedAt > MAX_LIFETIME.toSeconds()) {
                return Verdict.INVALID; // issued in the future, or living longer than an hour: not what the contract signs
            }
            Object subject = claims.getClaimValue("sub");
            Object customer = claims.getClaimValue("customer_id");
            if (!(subject instanceof String sub) || sub.isEmpty() || !(customer == null || customer instanceof Long id && id >= 1)) {
                return Verdict.INVALID;
            }
            return new Verdict(new Assertion(sub, (Long) customer, expiresAt), null);
        } catch (org.jose4j.jwt.MalformedClaimException | RuntimeException e) {
            return Verdict.INVALID;
        }
    }

    private Key keyOf(String kid) throws UnresolvableKeyException {
        Key key = keys.key(kid);
        if (key == null) {
            if (kid != null) {
                keys.requestReload();
            } // a key published after our last reload: look again, off the event loop
            throw new UnresolvableKeyException("no identity key with this kid");
        }
        return key;
    }
}
