package com.paubox.tracking.ingest.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Key;
import java.util.ArrayList;
import java.util.List;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Test keys and assertions as the host application would make them. Keys are generated when first needed and kept
 * (private parts included) under target/, never committed: a Quarkus test profile and the test itself run in
 * different class loaders, so the file is how they share one key pair.
 */
public final class TestIdentity {

    public static final String SUB = "auth0|64f1c2d3e4b5a6978812ab34";
    public static final long CUSTOMER = 48213L;

    private TestIdentity() {
    }

    /** A fresh EC P-256 key pair with this kid. */
    public static EllipticCurveJsonWebKey generate(String kid) {
        try {
            EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            key.setKeyId(kid);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key pairs kept in {@code dir/private.json}, created with these kids on first use; {@code dir/public.json}
     * is written with their public halves (the file ANALYTICS_IDENTITY_KEYS names).
     */
    public static synchronized List<EllipticCurveJsonWebKey> keys(Path dir, String... kids) {
        try {
            Path secret = dir.resolve("private.json");
            List<EllipticCurveJsonWebKey> keys = new ArrayList<>();
            if (Files.exists(secret)) {
                for (JsonWebKey k : new JsonWebKeySet(Files.readString(secret)).getJsonWebKeys()) {
                    keys.add((EllipticCurveJsonWebKey) k);
                }
            } else {
                for (String kid : kids) {
                    keys.add(generate(kid));
                }
                Files.createDirectories(dir);
                Files.writeString(secret, new JsonWebKeySet(keys.toArray(JsonWebKey[]::new))
                        .toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
                publish(dir.resolve("public.json"), keys);
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the public halves of {@code keys} as a JWKS, replacing the file in one move (as a deploy would). */
    public static void publish(Path file, List<EllipticCurveJsonWebKey> keys) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, new JsonWebKeySet(keys.toArray(JsonWebKey[]::new)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
                    StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token that must not be believed, and the reason it must be counted under. */
    public record Forgery(String name, String token, IdentityVerifier.Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Every way section 1 of issue 29 lists to make an assertion the service must refuse, each naming {@link #SUB}
     * and {@link #CUSTOMER} (so a mismatch is never the reason), given the one key the service trusts.
     */
    public static List<Forgery> forgeries(EllipticCurveJsonWebKey trusted) {
        String es256 = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
        EllipticCurveJsonWebKey stranger = generate(trusted.getKeyId());
        String valid = sign(trusted, claims(SUB, CUSTOMER));
        String[] parts = valid.split("\\.");
        JwtClaims other = claims("auth0|someone-else", CUSTOMER);
        String otherPayload = sign(trusted, other).split("\\.")[1];
        List<Forgery> all = new ArrayList<>();
        all.add(new Forgery("payload_changed_after_signing", parts[0] + "." + otherPayload + "." + parts[2], IdentityVerifier.Reason.INVALID));
        all.add(new Forgery("signature_of_another_token", parts[0] + "." + parts[1] + "." + sign(trusted, other).split("\\.")[2],
                IdentityVerifier.Reason.INVALID));
        all.add(new Forgery("signature_removed", parts[0] + "." + parts[1] + ".", IdentityVerifier.Reason.INVALID));
        all.add(new Forgery("other_key_same_kid", sign(stranger, claims(SUB, CUSTOMER)), IdentityVerifier.Reason.INVALID));
        EllipticCurveJsonWebKey unknown = generate("not-in-the-jwks");
        all.add(new Forgery("key_not_in_the_jwks", sign(unknown, claims(SUB, CUSTOMER)), IdentityVerifier.Reason.INVALID));
        all.add(new Forgery("no_kid", sign(null, es256, trusted.getPrivateKey(), claims(SUB, CUSTOMER).toJson()), IdentityVerifier.Reason.INVALID));
        JwtClaims expired = claims(SUB, CUSTOMER);
        expired.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() - 3000));
        expired.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 300));
        all.add(new Forgery("expired", sign(trusted, expired), IdentityVerifier.Reason.EXPIRED));
        JwtClaims wrongAudience = claims(SUB, CUSTOMER);
        wrongAudience.setAudience("paubox-tracking-dashboard");
        all.add(new Forgery("wrong_aud", sign(trusted, wrongAudience), IdentityVerifier.Reason.INVALID));
        JwtClaims noAudience = claims(SUB, CUSTOMER);
        noAudience.unsetClaim("aud");
        all.add(new Forgery("no_aud", sign(trusted, noAudience), IdentityVerifier.Reason.INVALID));
        all.add(new Forgery("alg_none", sign(trusted.getKeyId(), AlgorithmIdentifiers.NONE, null, claims(SUB, CUSTOMER).toJson()),
                IdentityVerifier.Reason.INVALID));
        // The classic confusion: HMAC keyed with what the verifier holds (the public key, in each usual encoding).
        for (String[] secret : new String[][] { { "der", "" }, { "jwk", trusted.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) } }) {
            byte[] bytes = secret[1].isEmpty() ? trusted.getPublicKey().getEncoded() : secret[1].getBytes(StandardCharsets.UTF_8);
            all.add(new Forgery("hs256_with_public_key_" + secret[0], sign(trusted.getKeyId(), AlgorithmIdentifiers.HMAC_SHA256,
                    new org.jose4j.keys.HmacKey(bytes), claims(SUB, CUSTOMER).toJson()), IdentityVerifier.Reason.INVALID));
        }
        JwtClaims tooLong = claims(SUB, CUSTOMER);
        tooLong.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 7200));
        all.add(new Forgery("lifetime_over_an_hour", sign(trusted, tooLong), IdentityVerifier.Reason.INVALID));
        JwtClaims future = claims(SUB, CUSTOMER);
        future.setIssuedAt(NumericDate.fromSeconds(NumericDate.now().getValue() + 900));
        future.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + 1200));
        all.add(new Forgery("issued_in_the_future", sign(trusted, future), IdentityVerifier.Reason.INVALID));
        JwtClaims noSub = claims(SUB, CUSTOMER);
        noSub.unsetClaim("sub");
        all.add(new Forgery("no_sub", sign(trusted, noSub), IdentityVerifier.Reason.INVALID));
        JwtClaims customerAsText = claims(SUB, null);
        customerAsText.setClaim("customer_id", String.valueOf(CUSTOMER));
        all.add(new Forgery("customer_id_as_text", sign(trusted, customerAsText), IdentityVerifier.Reason.INVALID));
        return all;
    }

    /** The claims of a valid assertion for {@code sub}/{@code customer} issued now, living ten minutes. */
    public static JwtClaims claims(String sub, Long customer) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(sub);
        if (customer != null) {
            claims.setClaim("customer_id", customer);
        }
        claims.setAudience(IdentityVerifier.AUDIENCE);
        NumericDate now = NumericDate.now();
        claims.setIssuedAt(now);
        NumericDate exp = NumericDate.fromSeconds(now.getValue() + 600);
        claims.setExpirationTime(exp);
        return claims;
    }

    /** ES256-signed with {@code key}, its kid in the header. */
    public static String sign(EllipticCurveJsonWebKey key, JwtClaims claims) {
        return sign(key.getKeyId(), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, key.getPrivateKey(), claims.toJson());
    }

    /** Any algorithm, key and payload: for the forgeries. A null key with alg "none" makes an unsigned token. */
    public static String sign(String kid, String alg, Key key, String payload) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(payload);
            jws.setAlgorithmHeaderValue(alg);
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            jws.setDoKeyValidation(false);
            if (kid != null) {
                jws.setKeyIdHeaderValue(kid);
            }
            jws.setKey(key);
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
