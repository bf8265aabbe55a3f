package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The admin view calls the API from the admin app's origin (ANALYTICS_ALLOWED_ORIGINS, default http://localhost:3000). */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class CorsTest {

    static final String APP = "http://localhost:3000";

    @Test
    void preflightOfTheAdminAppIsAllowedForGetAndDeleteWithABearerToken() {
        for (String method : new String[] { "GET", "DELETE" }) {
            given().header("Origin", APP).header("Access-Control-Request-Method", method)
                    .header("Access-Control-Request-Headers", "authorization")
                    .when().options("/api/admin/analytics/overview").then()
                    .statusCode(200)
                    .header("Access-Control-Allow-Origin", equalTo(APP))
                    .header("Access-Control-Allow-Methods", containsStringIgnoringCase(method))
                    .header("Access-Control-Allow-Headers", containsStringIgnoringCase("authorization"));
        }
    }

    @Test
    void theAnswerCarriesTheOriginAndExposesContentDisposition() {
        given().header("Origin", APP).auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/overview").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(APP))
                .header("Access-Control-Expose-Headers", containsStringIgnoringCase("Content-Disposition"))
                // the access log's CSV export pages with it (the cursor of a CSV answer is only there)
                .header("Access-Control-Expose-Headers", containsStringIgnoringCase("X-Next-Cursor"));
    }

    @Test
    void anotherOriginIsNotAllowed() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options("/api/admin/analytics/overview").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
