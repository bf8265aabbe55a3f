package com.paubox.tracking.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.DynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import jakarta.validation.Validation;

/** The Java records and the JSON Schema agree with the shared fixtures, case by case. */
class ContractTest {

    static final EventRequestReader READER = new EventRequestReader(Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator());

    static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(new String(ContractFixtures.read(ContractFixtures.directory().resolve("events.schema.json"))), InputFormat.JSON);

    @TestFactory
    Stream<DynamicTest> validFixturesAreAcceptedByJavaAndSchema() {
        List<Path> bodies = ContractFixtures.validBodies();
        assertTrue(bodies.size() >= 7, "fixtures present");
        return bodies.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            byte[] body = ContractFixtures.read(file);
            EventBatch batch = READER.read(body);
            assertFalse(batch.events().isEmpty());
            List<Error> errors = SCHEMA.validate(new String(body), InputFormat.JSON);
            assertTrue(errors.isEmpty(), errors.toString());
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidFixturesAreRefusedNamingTheField() {
        return ContractFixtures.invalidCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            byte[] body = ContractFixtures.bytes(c.body());
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> READER.read(body));
            assertEquals(c.field(), e.field(), c.name() + ": " + e.getMessage());
            assertEquals(c.status(), e.status(), c.name());
            if (c.schemaRejects()) {
                assertFalse(SCHEMA.validate(new String(body), InputFormat.JSON).isEmpty(), c.name() + " passes the schema");
            }
        }));
    }

    @Test
    void readsTheFieldsOfAnEvent() throws Exception {
        AnalyticsEvent click = READER.read(ContractFixtures.valid("click.json")).events().get(0);
        assertEquals(EventType.CLICK, click.type());
        assertEquals("nav_compose", click.label());
        assertEquals("/compose", click.hrefPath());
        assertEquals(48213L, click.customerId());
        assertEquals(3, click.sessionCount());
        assertEquals("2026-11-29T13:04:10.250Z", click.occurredAt().toInstant().toString());
    }

    @Test
    void readsTheIdentityTokenOfABatch() throws Exception {
        EventBatch batch = READER.read(ContractFixtures.valid("batch_with_identity.json"));
        assertTrue(batch.identityToken().startsWith("eyJ"), "a compact JWS");
        assertEquals(3, batch.identityToken().split("\\.").length);
        assertEquals(null, READER.read(ContractFixtures.valid("batch.json")).identityToken());
        // The longest token allowed is read; one character more is named by its field (invalid.json has that case).
        String events = new String(ContractFixtures.valid("page_view.json"));
        byte[] longest = ("{\"identity_token\":\"" + "A".repeat(EventLimits.MAX_IDENTITY_TOKEN_CHARS) + "\",\"events\":[" + events + "]}").getBytes();
        assertEquals(EventLimits.MAX_IDENTITY_TOKEN_CHARS, READER.read(longest).identityToken().length());
    }

    @Test
    void hostileJsonIsRefusedCheaply() {
        String deep = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        assertEquals("body", assertThrows(InvalidEventException.class, () -> READER.read(deep.getBytes())).field());
        String bigNumber = "{\"session_count\": 1" + "0".repeat(1000) + "}";
        assertEquals("body", assertThrows(InvalidEventException.class, () -> READER.read(bigNumber.getBytes())).field());
        String duplicate = "{\"type\":\"click\",\"type\":\"page_view\"}";
        assertEquals("body", assertThrows(InvalidEventException.class, () -> READER.read(duplicate.getBytes())).field());
        assertEquals(413, assertThrows(InvalidEventException.class, () -> READER.read(new byte[EventLimits.MAX_BODY_BYTES + 1])).status());
        assertEquals("body", assertThrows(InvalidEventException.class, () -> READER.read("{\"a\":1} trailing".getBytes())).field());
        assertEquals("body", assertThrows(InvalidEventException.class, () -> READER.read(new byte[0])).field());
    }

    @Test
    void theSchemaStatesTheJavaLimits() throws Exception {
        JsonNode schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ContractFixtures.read(ContractFixtures.directory().resolve("events.schema.json")));
        JsonNode event = schema.at("/definitions/event/properties");
        assertEquals(EventLimits.MAX_BATCH_EVENTS, schema.at("/definitions/batch/properties/events/maxItems").asInt());
        assertEquals(EventLimits.MAX_SESSION_COUNT, event.at("/session_count/maximum").asInt());
        assertEquals(EventLimits.MAX_DURATION_MS, event.at("/duration_ms/maximum").asInt());
        assertEquals(EventLimits.MAX_LABEL_CHARS, event.at("/label/maxLength").asInt());
        assertEquals(EventLimits.MAX_USER_SUB_CHARS, event.at("/user_sub/maxLength").asInt());
        assertEquals(EventLimits.MAX_PROPERTIES, event.at("/properties/maxProperties").asInt());
        assertEquals(EventLimits.MAX_PATH_CHARS, schema.at("/definitions/path/maxLength").asInt());
        assertEquals(EventLimits.MAX_IDENTITY_TOKEN_CHARS, schema.at("/definitions/batch/properties/identity_token/maxLength").asInt());
    }
}
