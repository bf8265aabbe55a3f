package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Without QUARKUS_OIDC_AUTH_SERVER_URL the service starts (health UP) and refuses every API call with 401. */
@QuarkusTest
@TestProfile(UnconfiguredOidcTest.NoAuthServer.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class UnconfiguredOidcTest {

    public static class NoAuthServer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.auth-server-url", "");
        }
    }

    @Test
    void startsAndRefusesEveryCall() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/api/admin/analytics/overview").then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/overview").then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).when().delete("/api/admin/analytics/users/{sub}", "auth0|x").then().statusCode(401);
    }
}
