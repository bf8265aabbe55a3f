package com.paubox.tracking.dashboard.audit;

import java.time.OffsetDateTime;
import java.util.Map;

/** One audit_log row as the listing answers it; {@code hash} is the row's chain hash (hex). */
public record AuditRecord(long id, long seq, OffsetDateTime occurredAt, String subject, String method, String endpoint,
        Map<String, Object> queryParams, int status, String hash) {
}
