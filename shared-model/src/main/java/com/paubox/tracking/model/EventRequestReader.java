package com.paubox.tracking.model;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

/**
 * Parses and validates a request body against the contract, naming the first offending field by its wire
 * path. Messages describe the rule broken, never echo the value (it may hold PHI).
 */
public final class EventRequestReader {

    private static final String IDENTITY_TOKEN = "identity_token";

    private final Validator validator;

    public EventRequestReader(Validator validator) {
        this.validator = validator;
    }

    public EventBatch read(byte[] body) throws InvalidEventException {
        if (body.length > EventLimits.MAX_BODY_BYTES) {
            throw new InvalidEventException("body", "body exceeds " + EventLimits.MAX_BODY_BYTES + " bytes", 413);
        }
        Request request = readOnce(body);
        if (request == null) {
            request = readRefused(body);
        }
        EventBatch batch = request.batch();
        if (!request.single() && batch.events() != null && batch.events().size() > EventLimits.MAX_BATCH_EVENTS) {
            throw tooManyEvents();
        }
        Set<ConstraintViolation<EventBatch>> violations = validator.validate(batch);
        if (!violations.isEmpty()) {
            ConstraintViolation<EventBatch> first = violations.stream()
                    // Ties (two rules broken on one field) by message: a HashSet's order would pick at random.
                    .min(Comparator.<ConstraintViolation<EventBatch>, String>comparing(v -> wirePath(v.getPropertyPath()))
                            .thenComparing(ConstraintViolation::getMessage))
                    .orElseThrow();
            String field = wirePath(first.getPropertyPath());
            // A single event is read as a batch of one; name its fields as the client sent them.
            throw new InvalidEventException(request.single() ? field.replaceFirst("^events\\[0]\\.", "") : field, first.getMessage(), 400);
        }
        return batch;
    }

    /** A body read into records; {@code single} when it was one bare event rather than {@code {"events": [...]}}. */
    private record Request(EventBatch batch, boolean single) {
    }

    /**
     * The common case in one streaming pass, no tree: the first key tells a batch ({@code "events"}) from a
     * single event. Null when anything is off (syntax, limits, shape, types, unknown keys, an "events" key
     * that is not first): {@link #readRefused} then names the error.
     */
    private static Request readOnce(byte[] body) {
        ObjectMapper mapper = EventJson.mapper();
        try (JsonParser p = mapper.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                return null;
            }
            // Databind reads the object on from its first key (the parser stands on it).
            boolean single = !"events".equals(p.currentName());
            EventBatch batch = single ? new EventBatch(List.of(mapper.readValue(p, AnalyticsEvent.class)))
                    : mapper.readValue(p, EventBatch.class);
            return p.nextToken() == null && batch != null ? new Request(batch, single) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Reads a body the one pass refused, naming its first error in the order a whole-document reading finds
     * them: broken or oversized JSON anywhere, then the shape, then a batch over the limit, then the first
     * unknown key or value of the wrong type. Only refused (or empty-object) bodies pay for this second pass.
     */
    private static Request readRefused(byte[] body) throws InvalidEventException {
        Shape shape = Shape.of(body);
        if (!shape.object()) {
            throw notOneObject();
        }
        if (shape.batch() && shape.events() > EventLimits.MAX_BATCH_EVENTS) {
            throw tooManyEvents();
        }
        try {
            ObjectMapper mapper = EventJson.mapper();
            return shape.batch() ? new Request(mapper.readValue(body, EventBatch.class), false)
                    : new Request(new EventBatch(List.of(mapper.readValue(body, AnalyticsEvent.class))), true);
        } catch (StreamConstraintsException e) {
            throw tooLarge();
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidEventException(jsonPath(e), "unknown field", 400);
        } catch (JsonMappingException e) {
            String field = jsonPath(e);
            throw field.isEmpty() ? notOneObject() : new InvalidEventException(field, "has the wrong type or format", 400);
        } catch (JsonProcessingException e) {
            throw malformed();
        } catch (IOException e) {
            throw new InvalidEventException("body", "unreadable body", 400);
        }
    }

    /** What a streaming scan of the whole document tells: well-formed within the limits, its shape. */
    private record Shape(boolean object, boolean batch, int events) {

        /** Every token is read and every string and number decoded, so the stream limits are all enforced. */
        static Shape of(byte[] body) throws InvalidEventException {
            try (JsonParser p = EventJson.mapper().createParser(body)) {
                JsonToken root = p.nextToken();
                boolean batch = false;
                boolean inEvents = false;
                boolean eventsArray = false;
                int events = 0;
                int depth = 0; // containers open around the current token
                for (JsonToken t = root; t != null; t = depth > 0 ? p.nextToken() : null) {
                    if (depth == 1 && t == JsonToken.FIELD_NAME) {
                        inEvents = "events".equals(p.currentName());
                        batch |= inEvents;
                    } else if (depth == 1 && inEvents && t.isStructStart()) {
                        eventsArray = t == JsonToken.START_ARRAY;
                    } else if (depth == 2 && inEvents && (eventsArray ? t.isScalarValue() || t.isStructStart() : t == JsonToken.FIELD_NAME)) {
                        events++;
                    }
                    if (t == JsonToken.VALUE_STRING) {
                        readString(p, depth == 1 && IDENTITY_TOKEN.equals(p.currentName()));
                    } else if (t.isNumeric()) {
                        p.getNumberValue();
                    }
                    depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                }
                if (root != null && p.nextToken() != null) {
                    throw malformed(); // more than one value
                }
                return new Shape(root == JsonToken.START_OBJECT, batch, events);
            } catch (StreamConstraintsException e) {
                throw tooLarge();
            } catch (IOException e) {
                throw malformed();
            }
        }

        /** Decodes a string; an over-long identity token is named by its field, not as an oversized body. */
        private static void readString(JsonParser p, boolean identityToken) throws IOException, InvalidEventException {
            try {
                p.getText();
            } catch (StreamConstraintsException e) {
                if (identityToken) {
                    throw new InvalidEventException(IDENTITY_TOKEN, "at most " + EventLimits.MAX_IDENTITY_TOKEN_CHARS + " characters", 400);
                }
                throw e;
            }
        }
    }

    private static InvalidEventException malformed() {
        return new InvalidEventException("body", "malformed JSON", 400);
    }

    private static InvalidEventException notOneObject() {
        return new InvalidEventException("body", "body must be one event object or {\"events\": [...]}", 400);
    }

    private static InvalidEventException tooManyEvents() {
        return new InvalidEventException("events", "a batch holds at most " + EventLimits.MAX_BATCH_EVENTS + " events", 413);
    }

    private static InvalidEventException tooLarge() {
        return new InvalidEventException("body", "JSON exceeds a size limit (nesting depth " + EventLimits.MAX_JSON_DEPTH
                + ", strings " + EventLimits.MAX_JSON_STRING_CHARS + " chars, numbers " + EventLimits.MAX_JSON_NUMBER_CHARS + " digits)", 400);
    }

    /** {@code events[1].type} from Jackson's reference chain. */
    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        // Inside properties only the top key matters; deeper names could be anything the client sent.
        String text = path.toString();
        int inProperties = text.indexOf("properties");
        return inProperties >= 0 ? text.substring(0, inProperties + "properties".length()) : text;
    }

    /** {@code events[1].session_count} from a Bean Validation path. */
    private static String wirePath(Path propertyPath) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : propertyPath) {
            if (node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(AnalyticsEvent.wireName(node.getName()));
            }
        }
        return path.toString();
    }
}
