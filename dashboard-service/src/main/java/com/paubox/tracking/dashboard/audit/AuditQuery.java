package com.paubox.tracking.dashboard.audit;

import java.time.OffsetDateTime;

/** A validated listing request: [from, to) in time, exact subject/status, literal endpoint prefix, a page of ids below beforeId. */
public record AuditQuery(OffsetDateTime from, OffsetDateTime to, String subject, Integer status, String endpointPrefix, int limit, Long beforeId) {
}
