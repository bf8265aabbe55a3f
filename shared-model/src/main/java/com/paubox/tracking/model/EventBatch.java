package com.paubox.tracking.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A request body: {@code {"events": [...], "identity_token": "eyJ..."}}. A single event on the wire is read as a
 * batch of one without a token. {@code identity_token} is the host application's signed identity assertion (a
 * compact JWS, docs/events.md); the ingest service decides what it vouches for.
 */
public record EventBatch(
        @NotNull @Size(min = 1, max = EventLimits.MAX_BATCH_EVENTS) @JsonProperty("events") List<@NotNull @Valid AnalyticsEvent> events,
        @Size(max = EventLimits.MAX_IDENTITY_TOKEN_CHARS) @JsonProperty("identity_token") String identityToken) {

    /** A batch without an identity assertion. */
    public EventBatch(List<AnalyticsEvent> events) {
        this(events, null);
    }
}
