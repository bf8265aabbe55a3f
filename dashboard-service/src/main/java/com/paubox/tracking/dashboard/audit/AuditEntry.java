package com.paubox.tracking.dashboard.audit;

import java.util.List;
import java.util.Map;

/** One audited request. Never holds the bearer token or the caller's IP. */
public record AuditEntry(String subject, String method, String endpoint, Map<String, List<String>> queryParams, int status) {
}
