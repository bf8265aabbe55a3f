package com.paubox.tracking.ingest.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of analytics_events, already scrubbed and enriched. It has no field for an IP address or a
 * User-Agent: the writer cannot store what it never receives.
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
        String propertiesJson) {
}
