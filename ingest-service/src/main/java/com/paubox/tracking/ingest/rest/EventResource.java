package com.paubox.tracking.ingest.rest;

import java.time.Instant;

import com.paubox.tracking.ingest.config.IngestConfig;
import com.paubox.tracking.ingest.pipeline.ClientAddress;
import com.paubox.tracking.ingest.pipeline.IngestPipeline;
import com.paubox.tracking.ingest.repository.StorageUnavailableException;
import com.paubox.tracking.model.InvalidEventException;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The beacon endpoint. Returns a Uni, so it runs on the event loop: the body is already buffered (at most
 * 64 KiB), every stage is CPU-only or asynchronous, and the answer waits for the commit of its events.
 */
@Path("/api/analytics/event")
@Tag(name = "events")
public class EventResource {

    @Inject
    IngestPipeline pipeline;

    @Inject
    IngestConfig config;

    // The body and the error answers are defined once in META-INF/openapi.yaml (the event contract, problem+json).
    @POST
    @Consumes({ MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON })
    @Operation(summary = "Send events", description = "Stores one event or a batch. 204 once the events are committed, and "
            + "also when they were dropped as bots or over the per-IP rate limit (the answer never reveals either).")
    @SecurityRequirements // none: beacons are anonymous
    @RequestBody(ref = "Events")
    @APIResponse(responseCode = "204", description = "Committed (or silently dropped as a bot or over the rate limit)")
    @APIResponse(responseCode = "400", ref = "InvalidEvent")
    @APIResponse(responseCode = "403", description = "A cross-origin request from an origin not in ANALYTICS_ALLOWED_ORIGINS, "
            + "refused by the CORS filter before the pipeline (no body)")
    @APIResponse(responseCode = "408", ref = "BodyTimeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "503", ref = "StorageUnavailable")
    public Uni<Response> ingest(byte[] body,
            @Parameter(description = "Browser User-Agent: bots are dropped; login events get browser, OS and device type. Never stored raw.")
            @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
            @Context HttpServerRequest request) {
        Instant receivedAt = Instant.now();
        // remoteAddress() is the peer, or X-Forwarded-For when (and only when) the peer is a trusted proxy.
        ClientAddress client = ClientAddress.of(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        try {
            return pipeline.ingest(body == null ? new byte[0] : body, userAgent, client, receivedAt)
                    .onItem().transform(result -> Response.noContent().build())
                    .onFailure(StorageUnavailableException.class).recoverWithItem(this::unavailable);
        } catch (InvalidEventException e) {
            String title = e.status() == 413 ? "Payload too large" : "Invalid event";
            return Uni.createFrom().item(Problem.response(e.status(), title, e.getMessage(), e.field()));
        }
    }

    private Response unavailable() {
        int retryAfter = config.writer().retryAfterSeconds();
        return Response.fromResponse(Problem.response(503, "Storage unavailable",
                "the events were not stored; retry later", null)).header("Retry-After", retryAfter).build();
    }
}
