package com.paubox.tracking.ingest.reliability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A cross-origin snippet can read Retry-After (exposed by CORS), and the slow-client limits of
 * application.properties are the documented production values.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class CorsRetryAfterTest {

    @Test
    void retryAfterIsExposedToAllowedOrigins() {
        given().header("Origin", "http://localhost:3000").contentType("text/plain").header("User-Agent", OutageUnderLoadTest.BROWSER)
                .body("{").when().post("/api/analytics/event").then().statusCode(400)
                .header("Access-Control-Allow-Origin", "http://localhost:3000")
                .header("Access-Control-Expose-Headers", containsStringIgnoringCase("Retry-After"));
    }

    @Test
    void slowClientLimitsAreConfigured() {
        var config = ConfigProvider.getConfig();
        assertEquals("30S", config.getValue("quarkus.http.idle-timeout", String.class));
        assertEquals("10S", config.getValue("analytics.http.body-timeout", String.class));
        assertEquals("64K", config.getValue("quarkus.http.limits.max-body-size", String.class));
    }
}
