package com.paubox.tracking.ingest.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details. The detail states the rule broken and never echoes the value sent. */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {
    }

    public static Response response(int status, String title, String detail, String field) {
        return Response.status(status).type(MEDIA_TYPE).entity(body(status, title, detail, field)).build();
    }

    public static Map<String, Object> body(int status, String title, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (field != null) {
            body.put("field", field);
        }
        return body;
    }

    public static String json(int status, String title, String detail, String field) {
        // Hand-written so the HTTP-layer filter needs no mapper; the values here are constants.
        StringBuilder json = new StringBuilder("{\"type\":\"about:blank\",\"title\":\"").append(title)
                .append("\",\"status\":").append(status);
        if (detail != null) {
            json.append(",\"detail\":\"").append(detail).append('"');
        }
        if (field != null) {
            json.append(",\"field\":\"").append(field).append('"');
        }
        return json.append('}').toString();
    }
}
