package com.paubox.tracking.model;

import java.io.IOException;
import java.util.Comparator;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

/**
 * Parses and validates a request body against the contract, naming the first offending field by its wire
 * path. Messages describe the rule broken, never echo the value (it may hold PHI).
 */
public final class EventRequestReader {

    private final Validator validator;

    public EventRequestReader(Validator validator) {
        this.validator = validator;
    }

    public EventBatch read(byte[] body) throws InvalidEventException {
        if (body.length > EventLimits.MAX_BODY_BYTES) {
            throw new InvalidEventException("body", "body exceeds " + EventLimits.MAX_BODY_BYTES + " bytes", 413);
        }
        JsonNode root = parseTree(body);
        boolean single = !EventJson.isBatch(root);
        if (!single && root.get("events").size() > EventLimits.MAX_BATCH_EVENTS) {
            throw new InvalidEventException("events", "a batch holds at most " + EventLimits.MAX_BATCH_EVENTS + " events", 413);
        }
        EventBatch batch = toBatch(root);
        Set<ConstraintViolation<EventBatch>> violations = validator.validate(batch);
        if (!violations.isEmpty()) {
            ConstraintViolation<EventBatch> first = violations.stream()
                    .min(Comparator.comparing(v -> wirePath(v.getPropertyPath())))
                    .orElseThrow();
            String field = wirePath(first.getPropertyPath());
            // A single event is read as a batch of one; name its fields as the client sent them.
            throw new InvalidEventException(single ? field.replaceFirst("^events\\[0]\\.", "") : field, first.getMessage(), 400);
        }
        return batch;
    }

    private static JsonNode parseTree(byte[] body) throws InvalidEventException {
        try {
            return EventJson.mapper().readTree(body);
        } catch (StreamConstraintsException e) {
            throw tooLarge();
        } catch (IOException e) {
            throw new InvalidEventException("body", "malformed JSON", 400);
        }
    }

    private static InvalidEventException tooLarge() {
        return new InvalidEventException("body", "JSON exceeds a size limit (nesting depth " + EventLimits.MAX_JSON_DEPTH
                + ", strings " + EventLimits.MAX_JSON_STRING_CHARS + " chars, numbers " + EventLimits.MAX_JSON_NUMBER_CHARS + " digits)", 400);
    }

    private static EventBatch toBatch(JsonNode root) throws InvalidEventException {
        try {
            return EventJson.readRequest(root);
        } catch (StreamConstraintsException e) {
            throw tooLarge();
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidEventException(jsonPath(e), "unknown field", 400);
        } catch (JsonMappingException e) {
            String field = jsonPath(e);
            throw new InvalidEventException(field.isEmpty() ? "body" : field,
                    field.isEmpty() ? "body must be one event object or {\"events\": [...]}" : "has the wrong type or format", 400);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("body", "malformed JSON", 400);
        } catch (IOException e) {
            throw new InvalidEventException("body", "unreadable body", 400);
        }
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
