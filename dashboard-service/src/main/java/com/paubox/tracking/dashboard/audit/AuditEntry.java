package com.paubox.tracking.dashboard.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One audited request. Never holds the bearer token or the caller's IP. NUL characters, which PostgreSQL
 * text and jsonb cannot hold, are recorded as U+FFFD so that a hostile request is still audited.
 */
public record AuditEntry(String subject, String method, String endpoint, Map<String, List<String>> queryParams, int status) {

    public AuditEntry {
        endpoint = storable(endpoint);
        Map<String, List<String>> params = new LinkedHashMap<>();
        queryParams.forEach((name, values) -> params.put(storable(name), values.stream().map(AuditEntry::storable).toList()));
        queryParams = params;
    }

    private static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }
}
