package com.paubox.tracking.model;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.paubox.tracking.model.validation.ConsistentWithType;
import com.paubox.tracking.model.validation.ValidProperties;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One analytics event as it travels on the wire (docs/events.md). Nothing here may carry an IP, a
 * User-Agent, a query string, an e-mail or a name: unknown fields are refused by {@link EventJson}.
 */
@ConsistentWithType
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalyticsEvent(
        @NotNull @JsonProperty("event_id") UUID eventId,
        @NotNull @JsonProperty("type") EventType type,
        @NotNull @JsonProperty("occurred_at") OffsetDateTime occurredAt,
        @NotNull @JsonProperty("anon_id") UUID anonId,
        @NotNull @JsonProperty("session_id") UUID sessionId,
        @NotNull @Min(1) @Max(EventLimits.MAX_SESSION_COUNT) @JsonProperty("session_count") Integer sessionCount,
        @Size(min = 1, max = EventLimits.MAX_USER_SUB_CHARS) @Pattern(regexp = "\\S+") @JsonProperty("user_sub") String userSub,
        @Min(1) @JsonProperty("customer_id") Long customerId,
        @NotNull @Pattern(regexp = "[A-Za-z0-9_.:-]{1,32}") @JsonProperty("surface") String surface,
        @NotNull @Size(min = 1, max = EventLimits.MAX_PATH_CHARS) @Pattern(regexp = "/.*", flags = Pattern.Flag.DOTALL) @JsonProperty("page_path") String pagePath,
        @Min(0) @Max(EventLimits.MAX_DURATION_MS) @JsonProperty("duration_ms") Integer durationMs,
        @Min(0) @Max(EventLimits.MAX_DURATION_MS) @JsonProperty("visible_ms") Integer visibleMs,
        @Size(min = 1, max = EventLimits.MAX_LABEL_CHARS) @JsonProperty("label") String label,
        @Pattern(regexp = "[A-Za-z][A-Za-z0-9-]{0,31}") @JsonProperty("element") String element,
        @Size(max = EventLimits.MAX_PATH_CHARS) @JsonProperty("href_path") String hrefPath,
        @Size(min = 1, max = EventLimits.MAX_ERROR_CODE_CHARS) @JsonProperty("error_code") String errorCode,
        @ValidProperties @JsonProperty("properties") Map<String, Object> properties) {

    /** The wire (JSON) name of a record component, for error messages that name the field the client sent. */
    public static String wireName(String componentName) {
        return switch (componentName) {
            case "eventId" -> "event_id";
            case "occurredAt" -> "occurred_at";
            case "anonId" -> "anon_id";
            case "sessionId" -> "session_id";
            case "sessionCount" -> "session_count";
            case "userSub" -> "user_sub";
            case "customerId" -> "customer_id";
            case "pagePath" -> "page_path";
            case "durationMs" -> "duration_ms";
            case "visibleMs" -> "visible_ms";
            case "hrefPath" -> "href_path";
            case "errorCode" -> "error_code";
            case "identityToken" -> "identity_token"; // EventBatch's
            default -> componentName;
        };
    }
}
