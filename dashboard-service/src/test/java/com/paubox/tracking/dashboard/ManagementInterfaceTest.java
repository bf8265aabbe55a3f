package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Built with quarkus.management.enabled=true (as production), the public port serves neither metrics nor OpenAPI. */
@QuarkusTest
@TestProfile(ManagementInterfaceTest.Management.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ManagementInterfaceTest {

    // the management root path (/q) is prepended
    @TestHTTPResource(value = "openapi", management = true)
    URL openapi;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "health/ready", management = true)
    URL health;

    public static class Management implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.management.enabled", "true", "quarkus.management.test-port", "0");
        }
    }

    @Test
    void publicPortHidesManagementEndpoints() {
        given().when().get("/q/metrics").then().statusCode(404);
        given().when().get("/q/openapi").then().statusCode(404);
        given().when().get("/q/health").then().statusCode(404);
        given().when().get("/api/admin/analytics/overview").then().statusCode(401);
    }

    @Test
    void managementPortServesThem() {
        given().when().get(openapi).then().statusCode(200).body(containsString("/api/admin/analytics/overview"));
        given().when().get(metrics).then().statusCode(200);
        given().when().get(health).then().statusCode(200);
    }
}
