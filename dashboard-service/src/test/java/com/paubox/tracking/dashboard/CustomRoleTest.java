package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** ANALYTICS_ADMIN_ROLE (analytics.admin-role) replaces super_admin as the one role let in. */
@QuarkusTest
@TestProfile(CustomRoleTest.CsmRole.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class CustomRoleTest {

    public static class CsmRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analytics.admin-role", "csm_admin");
        }
    }

    @Test
    void onlyTheConfiguredRoleGetsIn() {
        String csm = Tokens.claims("auth0|csm", "csm_admin").jws().keyId("1").sign();
        given().auth().oauth2(csm).when().get("/api/admin/analytics/overview").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/overview").then().statusCode(403);
        given().auth().oauth2(csm).when().delete("/api/admin/analytics/users/{sub}", "auth0|nobody").then().statusCode(200);
    }
}
