package com.paubox.tracking.ingest.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;

/** Problem+json for the answers Quarkus REST produces itself. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return Problem.response(415, "Unsupported media type",
                "send the body as text/plain or application/json", "Content-Type");
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e) {
        return Response.fromResponse(Problem.response(405, "Method not allowed", "use POST", null))
                .header("Allow", "POST, OPTIONS").build();
    }
}
