package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The 401/403 matrix, with real tokens verified against the WireMock OIDC provider's JWKS. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class SecurityTest {

    static final String[] ENDPOINTS = { "overview", "timeseries?metric=page_views", "pages", "clicks", "sessions", "logins", "customers" };

    @ParameterizedTest
    @ValueSource(strings = { "overview", "timeseries?metric=page_views", "pages", "clicks", "sessions", "logins", "customers" })
    void everyEndpointRefusesWithoutToken(String endpoint) {
        given().when().get("/api/admin/analytics/" + endpoint).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = { "overview", "timeseries?metric=page_views", "pages", "clicks", "sessions", "logins", "customers" })
    void everyEndpointForbidsATokenWithoutTheRole(String endpoint) {
        given().auth().oauth2(Tokens.withoutRole()).when().get("/api/admin/analytics/" + endpoint).then().statusCode(403);
    }

    @ParameterizedTest
    @ValueSource(strings = { "overview", "timeseries?metric=page_views", "pages", "clicks", "sessions", "logins", "customers" })
    void everyEndpointAnswersAnAdmin(String endpoint) {
        given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/" + endpoint).then().statusCode(200);
    }

    @Test
    void garbageToken() {
        given().auth().oauth2("not-a-jwt").when().get("/api/admin/analytics/overview").then().statusCode(401);
    }

    @Test
    void expiredToken() {
        given().auth().oauth2(Tokens.expired()).when().get("/api/admin/analytics/overview").then().statusCode(401);
    }

    @Test
    void tokenSignedWithAnotherKey() {
        given().auth().oauth2(Tokens.wrongSignature()).when().get("/api/admin/analytics/overview").then().statusCode(401);
    }

    @Test
    void tokenOfAnotherIssuer() {
        given().auth().oauth2(Tokens.wrongIssuer()).when().get("/api/admin/analytics/overview").then().statusCode(401);
    }

    @Test
    void tokenForAnotherAudience() {
        given().auth().oauth2(Tokens.wrongAudience()).when().get("/api/admin/analytics/overview").then().statusCode(401);
    }

    @Test
    void erasureNeedsTheRoleToo() {
        given().when().delete("/api/admin/analytics/users/{sub}", "auth0|x").then().statusCode(401);
        given().auth().oauth2(Tokens.withoutRole()).when().delete("/api/admin/analytics/users/{sub}", "auth0|x").then().statusCode(403);
    }

    @Test
    void healthStaysOpen() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
