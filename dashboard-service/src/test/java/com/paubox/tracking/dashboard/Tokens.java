package com.paubox.tracking.dashboard;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Access tokens shaped like Auth0's, signed with the key of the WireMock OIDC server (or not). */
final class Tokens {

    static final String ISSUER = "https://server.example.com";
    static final String AUDIENCE = "paubox-tracking-dashboard";
    static final String ROLES_CLAIM = "https://paubox.com/roles";
    static final String ADMIN_SUB = "auth0|admin-csm-1";

    private Tokens() {
    }

    static JwtClaimsBuilder claims(String sub, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(sub).claim(ROLES_CLAIM, List.of(roles)).expiresIn(600);
    }

    static String admin() {
        return claims(ADMIN_SUB, "super_admin").jws().keyId("1").sign();
    }

    /** Both the admin and the auditor role: a token every operation of the API answers. */
    static String everyRole() {
        return claims(ADMIN_SUB, "super_admin", "security_officer").jws().keyId("1").sign();
    }

    static String withoutRole() {
        return claims("auth0|plain-user", "viewer").jws().keyId("1").sign();
    }

    static String expired() {
        Instant now = Instant.now();
        return claims(ADMIN_SUB, "super_admin").issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600)).jws().keyId("1").sign();
    }

    static String wrongIssuer() {
        return Jwt.issuer("https://evil.example.com").audience(AUDIENCE).subject(ADMIN_SUB).claim(ROLES_CLAIM, List.of("super_admin"))
                .expiresIn(600).jws().keyId("1").sign();
    }

    static String wrongAudience() {
        return Jwt.issuer(ISSUER).audience("some-other-api").subject(ADMIN_SUB).claim(ROLES_CLAIM, List.of("super_admin"))
                .expiresIn(600).jws().keyId("1").sign();
    }

    static String wrongSignature() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims(ADMIN_SUB, "super_admin").jws().keyId("1").sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
