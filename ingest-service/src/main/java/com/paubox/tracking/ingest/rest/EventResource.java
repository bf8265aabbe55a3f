package com.paubox.tracking.ingest.rest;

import java.time.Instant;

import com.paubox.tracking.ingest.config.IngestConfig;
import com.paubox.tracking.ingest.pipeline.ClientAddress;
import com.paubox.tracking.ingest.pipeline.IngestPipeline;
import com.paubox.tracking.ingest.repository.StorageUnavailableException;
import com.paubox.tracking.model.InvalidEventException;

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
public class EventResource {

    @Inject
    IngestPipeline pipeline;

    @Inject
    IngestConfig config;

    @POST
    @Consumes({ MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON })
    public Uni<Response> ingest(byte[] body, @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
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
