package com.paubox.tracking.dashboard.audit;

/** One audit_log row as the chain sees it: the hashed fields (query_params as PostgreSQL's jsonb text) and the stored links. */
public record AuditChainRow(long seq, long id, long occurredAtMicros, String subject, String method, String endpoint,
        String queryParamsJson, int status, byte[] prevHash, byte[] hash) {
}
