package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The API is published with descriptions and examples. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OpenApiTest {

    @Test
    void everyEndpointIsDocumented() {
        var body = given().accept("application/json").when().get("/q/openapi?format=json").then().statusCode(200);
        for (String path : new String[] { "overview", "timeseries", "pages", "clicks", "sessions", "logins", "customers", "users/{sub}" }) {
            body.body("paths.'/api/admin/analytics/" + path + "'", notNullValue());
        }
        body.body(containsString("\"examples\"")).body(containsString("text/csv")).body(containsString("problem+json"))
                .body(containsString("securitySchemes"));
    }
}
