package com.paubox.tracking.dashboard;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One row of analytics_events as the tests seeded it. */
record SeededEvent(UUID eventId, OffsetDateTime occurredAt, String type, UUID anonId, UUID sessionId, int sessionCount,
        String userSub, Long customerId, String surface, String pagePath, Integer durationMs, Integer visibleMs, String label,
        String element, String hrefPath, String errorCode, String geoCity, String geoRegion, String geoCountry, String browser,
        String os, String deviceType) {
}
