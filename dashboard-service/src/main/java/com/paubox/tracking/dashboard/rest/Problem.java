package com.paubox.tracking.dashboard.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details; {@code field} names the offending query or path parameter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String title, String detail, String field) {
        return Response.status(status).type(MEDIA_TYPE).entity(new Problem("about:blank", title, status, detail, field)).build();
    }
}
