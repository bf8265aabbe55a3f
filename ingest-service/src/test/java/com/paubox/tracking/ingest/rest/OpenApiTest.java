package com.paubox.tracking.ingest.rest;

import static com.paubox.tracking.ingest.rest.TestEvents.BROWSER;
import static com.paubox.tracking.ingest.rest.TestEvents.JSON;
import static com.paubox.tracking.ingest.rest.TestEvents.PATH;
import static com.paubox.tracking.ingest.rest.TestEvents.batch;
import static com.paubox.tracking.ingest.rest.TestEvents.pageView;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.paubox.tracking.database.ControlledPostgresResource;
import com.paubox.tracking.model.ContractFixtures;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The published OpenAPI document tells the truth about the beacon endpoint: every documented answer is provoked
 * for real and looks as documented, every answer the endpoint gives is documented, and the request body schema
 * is the event contract (shared-model/contract/events.schema.json).
 */
@QuarkusTest
@TestProfile(OpenApiTest.Profile.class)
class OpenApiTest {

    /** A database the test can stop (503) and a short body time-out (408). */
    public static class Profile extends OutageProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analytics.writer.commit-timeout", "PT5S", "analytics.http.body-timeout", "1S");
        }
    }

    /** An answer as the client saw it. */
    record Answer(int status, String contentType, Map<String, String> headers, String body) {
        static Answer of(Response r) {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            r.getHeaders().forEach(h -> headers.put(h.getName(), h.getValue()));
            return new Answer(r.statusCode(), r.contentType(), headers, r.asString());
        }
    }

    /** "contract name" → component name, as META-INF/openapi.yaml renames the contract's definitions. */
    private static final Map<String, String> COMPONENT = Map.of("uuid", "Uuid", "path", "PagePath", "scalar", "PropertyScalar",
            "batch", "EventBatch", "event", "Event");

    @TestHTTPResource(PATH)
    URI endpoint;

    @Test
    void everyDocumentedAnswerIsOneTheEndpointGivesAndTheReverse() throws Exception {
        JsonNode document = document();
        JsonNode operation = document.at("/paths/~1api~1analytics~1event/post");
        Map<String, JsonNode> documented = new TreeMap<>();
        operation.get("responses").fields().forEachRemaining(e -> documented.put(e.getKey(), resolve(document, e.getValue())));

        // Every way the endpoint answers a POST: the pipeline's outcomes, the HTTP-layer filters, CORS and storage.
        Map<String, Answer> given = new TreeMap<>();
        given.put("204", Answer.of(TestEvents.beacon(pageView(UUID.randomUUID())).post(PATH)));
        given.put("400", Answer.of(given().contentType("application/json").header("User-Agent", BROWSER).body("{\"events\":").post(PATH)));
        given.put("403", Answer.of(TestEvents.beacon(pageView(UUID.randomUUID())).header("Origin", "https://not-allowed.example").post(PATH)));
        given.put("408", stalledBody());
        List<ObjectNode> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(pageView(UUID.randomUUID()));
        }
        given.put("413", Answer.of(TestEvents.beacon(batch(tooMany)).post(PATH)));
        given.put("415", Answer.of(given().contentType("application/xml").header("User-Agent", BROWSER).body("<event/>").post(PATH)));
        ControlledPostgresResource.stopDatabase();
        try {
            given.put("503", Answer.of(TestEvents.beacon(pageView(UUID.randomUUID())).post(PATH)));
        } finally {
            ControlledPostgresResource.startDatabase();
        }
        given.forEach((status, answer) -> assertEquals(status, String.valueOf(answer.status()), "scenario for " + status + ": " + answer));

        assertEquals(given.keySet(), documented.keySet(), "documented statuses vs the statuses the endpoint gives");
        for (var entry : documented.entrySet()) {
            Answer answer = given.get(entry.getKey());
            JsonNode content = entry.getValue().get("content");
            if (content == null) {
                assertTrue(answer.body().isEmpty(), entry.getKey() + " is documented without a body but has one: " + answer.body());
            } else {
                Iterator<String> types = content.fieldNames();
                String type = types.next();
                assertTrue(answer.contentType().startsWith(type), entry.getKey() + " documented as " + type + ", is " + answer.contentType());
                JsonNode body = JSON.readTree(answer.body());
                assertEquals(Integer.parseInt(entry.getKey()), body.get("status").asInt());
                for (JsonNode required : document.at("/components/schemas/Problem/required")) {
                    assertNotNull(body.get(required.asText()), entry.getKey() + " lacks " + required + ": " + answer.body());
                }
            }
            JsonNode headers = entry.getValue().get("headers");
            if (headers != null) {
                headers.fieldNames().forEachRemaining(h -> assertNotNull(answer.headers().get(h), entry.getKey() + " lacks header " + h));
            }
        }
    }

    @Test
    void requestBodyIsTheEventContractForBothMediaTypes() throws Exception {
        JsonNode document = document();
        JsonNode body = resolve(document, document.at("/paths/~1api~1analytics~1event/post/requestBody"));
        assertTrue(body.get("required").asBoolean());
        Set<String> types = new TreeSet<>();
        body.get("content").fieldNames().forEachRemaining(types::add);
        assertEquals(Set.of("application/json", "text/plain"), types);
        for (JsonNode media : body.get("content")) {
            assertEquals("#/components/schemas/EventRequest", media.at("/schema/$ref").asText());
        }

        JsonNode contract = JSON.readTree(Files.readAllBytes(ContractFixtures.directory().resolve("events.schema.json")));
        JsonNode schemas = document.get("components").get("schemas");
        ObjectNode root = renamed(contract).deepCopy();
        root.remove(List.of("$schema", "$id", "definitions"));
        assertSameJson(root, schemas.get("EventRequest"), "EventRequest");
        contract.get("definitions").fields().forEachRemaining(
                d -> assertSameJson(renamed(d.getValue()), schemas.get(COMPONENT.get(d.getKey())), COMPONENT.get(d.getKey())));
    }

    private static JsonNode document() throws IOException {
        return JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    }

    /** Follows a local "$ref" (e.g. #/components/responses/InvalidEvent). */
    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : document.at(ref.asText().substring(1));
    }

    /** The contract's "#/definitions/x" references as the document names them. */
    private static JsonNode renamed(JsonNode node) {
        JsonNode copy = node.deepCopy();
        rename(copy);
        return copy;
    }

    private static void rename(JsonNode node) {
        if (node instanceof ObjectNode object && object.get("$ref") instanceof TextNode ref && ref.asText().startsWith("#/definitions/")) {
            object.put("$ref", "#/components/schemas/" + COMPONENT.get(ref.asText().substring("#/definitions/".length())));
        }
        node.forEach(OpenApiTest::rename);
    }

    /** Equal as JSON values (a number is a number whatever Java type the parser chose). */
    private static void assertSameJson(JsonNode expected, JsonNode actual, String what) {
        assertNotNull(actual, what + " missing from components.schemas");
        boolean same = expected.equals((a, b) -> a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1,
                actual);
        assertTrue(same, what + " differs from the contract:\n expected " + expected + "\n document " + actual);
    }

    /** Headers announce a body that never comes: the body deadline answers 408 and closes the connection. */
    private Answer stalledBody() throws IOException {
        try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nUser-Agent: " + BROWSER
                    + "\r\nContent-Length: 200\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            try {
                in.transferTo(got);
            } catch (java.net.SocketException e) {
                // reset after the answer: what arrived is kept
            }
            String raw = got.toString(StandardCharsets.ISO_8859_1);
            String[] headAndBody = raw.split("\r\n\r\n", 2);
            String[] lines = headAndBody[0].split("\r\n");
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                String[] kv = lines[i].split(":", 2);
                headers.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
            }
            int status = lines[0].startsWith("HTTP/1.1 ") ? Integer.parseInt(lines[0].substring(9, 12)) : -1;
            return new Answer(status, headers.getOrDefault("Content-Type", ""), headers, headAndBody.length > 1 ? headAndBody[1] : "");
        }
    }
}
