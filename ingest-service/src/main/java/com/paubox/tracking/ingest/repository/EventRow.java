package com.paubox.tracking.ingest.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of analytics_events, already scrubbed and enriched. It has no field for an IP address or a
 * User-Agent: the writer cannot store what it never receives. {@code clampedFrom} is the client's time when
 * it was not believed and {@code occurredAt} is the receive time instead (null otherwise): the writer then
 * stores the time first assigned to that event, so a retry is still recognised (docs/events.md).
 */
public record EventRow(
        UUID eventId,
        OffsetDateTime occurredAt,
        OffsetDateTime receivedAt,
        String type,
        UUID anonId,
        UUID sessionId,
        Integer sessionCount,
        String userSub,
        Long customerId,
        String surface,
        String pagePath,
        Integer durationMs,
        Integer visibleMs,
        String label,
        String element,
        String hrefPath,
        String errorCode,
        String geoCity,
        String geoRegion,
        String geoCountry,
        String browser,
        String os,
        String deviceType,
        String propertiesJson,
        OffsetDateTime clampedFrom) {
}
