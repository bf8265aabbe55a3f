package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.paubox.tracking.dashboard.OpenApiDocument.Operation;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Every /api/ operation of the published document, driven from the document itself (so endpoints added later are
 * covered too): each documented 200/400/401/403 is provoked for real and looks as documented (503 needs a dead
 * database: OpenApiOutageTest), and every operation documents exactly the answers every API call can get.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OpenApiStatusTest {

    @Test
    void everyDocumentedAnswerIsProvoked() throws Exception {
        JsonNode document = OpenApiDocument.read();
        assertFalse(document.toString().contains("${"), "an unresolved configuration expression is published");
        for (Operation op : OpenApiDocument.apiOperations(document)) {
            // The answers every API call can give are documented (a bad parameter where there are parameters) ...
            assertTrue(op.responses().keySet().containsAll(Set.of("401", "403", "503")), op + " lacks 401/403/503");
            assertEquals(!op.parameters().isEmpty(), op.responses().containsKey("400"), op + ": 400 iff it takes parameters");
            String success = op.responses().keySet().stream().filter(s -> s.startsWith("2")).findFirst().orElseThrow();
            // ... and every documented answer is one this test provokes below (503: OpenApiOutageTest).
            assertEquals(Set.of(), op.responses().keySet().stream().filter(s -> !Set.of(success, "400", "401", "403", "503").contains(s))
                    .collect(java.util.stream.Collectors.toSet()), op + " documents an answer this test cannot check yet: extend it");
            assertNotNull(document.at(pointer(op)).get("summary"), op + " has no summary");
            assertTrue(document.at(pointer(op)).hasNonNull("operationId"), op + " has no operationId");

            OpenApiDocument.assertAsDocumented(op, success, op.responses().get(success),
                    op.send(op.valid(given().auth().oauth2(Tokens.everyRole()))));
            OpenApiDocument.assertAsDocumented(op, "401", op.responses().get("401"), op.send(op.valid(given())));
            OpenApiDocument.assertAsDocumented(op, "403", op.responses().get("403"),
                    op.send(op.valid(given().auth().oauth2(Tokens.withoutRole()))));
            if (op.responses().containsKey("400")) {
                var answer = op.badParameter(() -> given().auth().oauth2(Tokens.everyRole()));
                assertNotNull(answer, op + " documents 400 but no bad parameter value gets one");
                OpenApiDocument.assertAsDocumented(op, "400", op.responses().get("400"), answer);
            }
        }
    }

    private static String pointer(Operation op) {
        return "/paths/" + op.path().replace("~", "~0").replace("/", "~1") + "/" + op.method();
    }
}
