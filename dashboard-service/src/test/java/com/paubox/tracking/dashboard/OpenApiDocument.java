package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The service's published OpenAPI document, read as an integrating client would: its API operations, their
 * documented answers, and requests built from the documented parameters.
 */
final class OpenApiDocument {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One documented operation: method, path template, parameters and answers (references resolved). */
    record Operation(String method, String path, List<JsonNode> parameters, Map<String, JsonNode> responses) {

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }

        /** A request with every required parameter at its documented example (or first allowed value). */
        RequestSpecification valid(RequestSpecification request) {
            for (JsonNode p : parameters) {
                if (p.path("required").asBoolean()) {
                    setExample(request, p);
                }
            }
            return request;
        }

        /** The documented example; an array's items as a repeated query parameter. */
        private static void setExample(RequestSpecification request, JsonNode parameter) {
            if (parameter.path("example").isArray() && parameter.get("in").asText().equals("query")) {
                List<String> values = new ArrayList<>();
                parameter.get("example").forEach(v -> values.add(v.asText()));
                request.queryParam(parameter.get("name").asText(), values);
            } else {
                set(request, parameter, example(parameter));
            }
        }

        Response send(RequestSpecification request) {
            return request.request(method, path);
        }

        private static void set(RequestSpecification request, JsonNode parameter, String value) {
            String name = parameter.get("name").asText();
            switch (parameter.get("in").asText()) {
                case "path" -> request.pathParam(name, value);
                case "query" -> request.queryParam(name, value);
                case "header" -> request.header(name, value);
                default -> throw new IllegalArgumentException("unsupported parameter location: " + parameter);
            }
        }

        private static String example(JsonNode parameter) {
            if (parameter.has("example")) {
                return parameter.get("example").asText();
            }
            if (parameter.at("/schema/enum").isArray()) {
                return parameter.at("/schema/enum/0").asText();
            }
            throw new AssertionError("required parameter without example or enum: " + parameter);
        }

        /**
         * Tries values no parameter of this API accepts (not a date, zone, number or enum value; over every length
         * limit) on each documented parameter in turn, and answers the first 400; null if none gets one.
         */
        Response badParameter(Supplier<RequestSpecification> fresh) {
            for (JsonNode bad : parameters) {
                for (String value : List.of("not-a-valid-value", "x".repeat(300))) {
                    RequestSpecification request = fresh.get();
                    for (JsonNode p : parameters) {
                        if (p == bad) {
                            set(request, p, value);
                        } else if (p.path("required").asBoolean()) {
                            setExample(request, p);
                        }
                    }
                    Response response = send(request);
                    if (response.statusCode() == 400) {
                        return response;
                    }
                }
            }
            return null;
        }
    }

    private OpenApiDocument() {
    }

    static JsonNode read() throws IOException {
        return JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    }

    /** Every operation under /api/. */
    static List<Operation> apiOperations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> {
            if (!path.getKey().startsWith("/api/")) {
                return;
            }
            path.getValue().fields().forEachRemaining(method -> {
                if (!List.of("get", "put", "post", "delete", "patch", "head").contains(method.getKey())) {
                    return;
                }
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(p -> parameters.add(resolve(document, p)));
                method.getValue().path("parameters").forEach(p -> parameters.add(resolve(document, p)));
                Map<String, JsonNode> responses = new TreeMap<>();
                method.getValue().get("responses").fields().forEachRemaining(r -> responses.put(r.getKey(), resolve(document, r.getValue())));
                operations.add(new Operation(method.getKey(), path.getKey(), parameters, responses));
            });
        });
        assertFalse(operations.isEmpty(), "no /api/ operation documented");
        return operations;
    }

    /** Follows a local "$ref" (e.g. #/components/responses/Unauthorized). */
    static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : document.at(ref.asText().substring(1));
    }

    /** The answer looks as documented: its media type and, for problem+json, a problem with that status. */
    static void assertAsDocumented(Operation operation, String status, JsonNode documented, Response answer) throws IOException {
        assertEquals(status, String.valueOf(answer.statusCode()), operation + " " + answer.asString());
        JsonNode content = documented.get("content");
        if (content == null) {
            return;
        }
        String type = answer.contentType().split(";")[0].trim();
        assertTrue(content.has(type), operation + " " + status + " answered " + type + ", documented " + content.fieldNames().next());
        if (type.equals("application/problem+json")) {
            assertEquals(Integer.parseInt(status), JSON.readTree(answer.asString()).get("status").asInt(), operation + " " + answer.asString());
        }
    }
}
