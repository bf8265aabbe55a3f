package com.paubox.tracking.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A request body: {@code {"events": [...]}}. A single event on the wire is read as a batch of one. */
public record EventBatch(
        @NotNull @Size(min = 1, max = EventLimits.MAX_BATCH_EVENTS) @JsonProperty("events") List<@NotNull @Valid AnalyticsEvent> events) {
}
