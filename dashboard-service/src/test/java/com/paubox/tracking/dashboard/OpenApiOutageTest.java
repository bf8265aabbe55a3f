package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.paubox.tracking.dashboard.OpenApiDocument.Operation;
import com.paubox.tracking.database.DatabaseUrl;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The documented 503 of every /api/ operation, provoked for real: the database does not answer. */
@QuarkusTest
@TestProfile(OpenApiOutageTest.NoDatabase.class)
class OpenApiOutageTest {

    /** The real OIDC test provider, and a database address where nothing listens. */
    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.flyway.migrate-at-start", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class), new TestResourceEntry(DeadDatabase.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    public static class DeadDatabase implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort(); // closed again: connections to it are refused
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Map<String, String> config = new HashMap<>(DatabaseUrl.parse("postgresql://analytics:unused@127.0.0.1:" + port + "/analytics")
                    .toQuarkusProperties());
            config.put("quarkus.flyway.migrate-at-start", "false");
            return config;
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void everyOperationAnswersItsDocumented503() throws Exception {
        JsonNode document = OpenApiDocument.read();
        for (Operation op : OpenApiDocument.apiOperations(document)) {
            OpenApiDocument.assertAsDocumented(op, "503", op.responses().get("503"), op.send(op.valid(given().auth().oauth2(Tokens.everyRole()))));
        }
    }
}
