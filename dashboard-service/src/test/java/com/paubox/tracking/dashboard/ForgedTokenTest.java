package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;

/**
 * Forged and misfiled tokens, beyond SecurityTest's garbage/expired/other-key/issuer/audience cases: alg
 * "none", HS256 signed with the provider's public RSA key as the HMAC secret (the classic key-confusion
 * attack), a stripped signature, an unknown key id, not yet valid, no expiry, no role claim, the role in the
 * wrong claim and a role claim holding a look-alike. Each one must be refused on every endpoint: 401 for a
 * token that does not verify, 403 for a verified token without the role. The control, a real admin token,
 * answers 200, so the refusals are not an accident of the setup.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ForgedTokenTest {

    static final String BASE = "/api/admin/analytics/";
    static final String[] ENDPOINTS = { "overview", "timeseries?metric=page_views", "pages", "clicks", "sessions", "logins", "customers" };
    static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    String authServerUrl;

    @Test
    void controlAdminTokenIsAccepted() {
        for (String endpoint : ENDPOINTS) {
            given().auth().oauth2(Tokens.admin()).when().get(BASE + endpoint).then().statusCode(200);
        }
    }

    @Test
    void algNoneIsRefused() {
        String payload = b64(adminClaims(Instant.now().plusSeconds(600)));
        for (String header : List.of("{\"alg\":\"none\",\"typ\":\"JWT\"}", "{\"alg\":\"None\",\"typ\":\"JWT\",\"kid\":\"1\"}",
                "{\"alg\":\"NONE\"}")) {
            refused(b64(header) + "." + payload + ".", 401);
        }
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        RSAPublicKey key = publicKey();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String payload = b64(adminClaims(Instant.now().plusSeconds(600)));
        for (byte[] secret : List.of(key.getEncoded(), pem.getBytes(StandardCharsets.US_ASCII), key.getModulus().toByteArray())) {
            for (String header : List.of("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"1\"}", "{\"alg\":\"HS256\",\"typ\":\"JWT\"}")) {
                String signingInput = b64(header) + "." + payload;
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
                refused(signingInput + "." + signature, 401);
            }
        }
    }

    @Test
    void strippedOrSwappedSignatureIsRefused() {
        String real = Tokens.admin();
        String[] parts = real.split("\\.");
        refused(parts[0] + "." + parts[1] + ".", 401);
        refused(parts[0] + "." + parts[1], 401);
        // A valid header and signature with an edited payload (role added to a plain user's token).
        String plain = Tokens.withoutRole();
        String[] p = plain.split("\\.");
        String edited = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8).replace("\"viewer\"", "\"super_admin\"");
        refused(p[0] + "." + b64(edited) + "." + p[2], 401);
    }

    @Test
    void unknownKeyIdIsRefused() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        refused(Tokens.claims(Tokens.ADMIN_SUB, "super_admin").jws().keyId("attacker-key").sign(generator.generateKeyPair().getPrivate()), 401);
    }

    @Test
    void notYetValidIsRefused() {
        Instant now = Instant.now();
        refused(Tokens.claims(Tokens.ADMIN_SUB, "super_admin").issuedAt(now.plusSeconds(3600)).claim("nbf", now.plusSeconds(3600).getEpochSecond())
                .expiresAt(now.plusSeconds(7200)).jws().keyId("1").sign(), 401);
    }

    @Test
    void missingRoleClaimIsForbidden() {
        refused(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject(Tokens.ADMIN_SUB).expiresIn(600).jws().keyId("1").sign(), 403);
        refused(Tokens.claims(Tokens.ADMIN_SUB).jws().keyId("1").sign(), 403); // empty role list
    }

    @Test
    void roleInTheWrongClaimIsForbidden() {
        for (String claim : List.of("roles", "groups", "scope", "permissions", "https://paubox.com/role", "https://evil.example.com/roles")) {
            Object value = claim.equals("scope") ? "super_admin" : List.of("super_admin");
            refused(Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject(Tokens.ADMIN_SUB).claim(claim, value)
                    .claim(Tokens.ROLES_CLAIM, List.of("viewer")).expiresIn(600).jws().keyId("1").sign(), 403);
        }
    }

    @Test
    void lookAlikeRoleIsForbidden() {
        for (String role : List.of("Super_Admin", "super_admin ", "super\u200B_admin", "super_\u0430dmin", "super_admin\u0000", "*")) {
            refused(Tokens.claims(Tokens.ADMIN_SUB, role).jws().keyId("1").sign(), 403);
        }
    }

    @Test
    void erasureRefusesForgedTokensToo() {
        String none = b64("{\"alg\":\"none\"}") + "." + b64(adminClaims(Instant.now().plusSeconds(600))) + ".";
        given().auth().oauth2(none).when().delete(BASE + "users/{sub}", "auth0|victim").then().statusCode(401);
    }

    private void refused(String token, int status) {
        for (String endpoint : ENDPOINTS) {
            given().auth().oauth2(token).when().get(BASE + endpoint).then().statusCode(status)
                    .body(not(containsString("page_views\":")));
        }
    }

    private static String adminClaims(Instant exp) {
        try {
            return JSON.writeValueAsString(Map.of("iss", Tokens.ISSUER, "aud", Tokens.AUDIENCE, "sub", Tokens.ADMIN_SUB,
                    Tokens.ROLES_CLAIM, List.of("super_admin"), "iat", Instant.now().getEpochSecond(), "exp", exp.getEpochSecond()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The provider's signing key, read from its JWKS like a forger would. */
    private RSAPublicKey publicKey() throws Exception {
        String certs = given().when().get(authServerUrl + "/protocol/openid-connect/certs").then().statusCode(200).extract().asString();
        JsonNode keys = JSON.readTree(certs).get("keys");
        JsonNode jwk = keys.get(0);
        for (JsonNode k : keys) {
            if ("1".equals(k.path("kid").asText()) && "RSA".equals(k.path("kty").asText())) {
                jwk = k;
            }
        }
        assertEquals("RSA", jwk.get("kty").asText());
        BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asText()));
        BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e").asText()));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }
}
