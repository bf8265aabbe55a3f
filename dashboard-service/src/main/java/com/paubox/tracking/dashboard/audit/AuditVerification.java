package com.paubox.tracking.dashboard.audit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of GET /api/admin/audit/verify.
 *
 * @param ok             true when every row links to its predecessor and carries its own hash, and the head this
 *                       replica last exported is still in the chain
 * @param rows           rows read (the chain from its anchor up to the head as of the start of the run)
 * @param firstBrokenId  id of the first row whose prev_hash or hash does not match (null when none)
 * @param head           the last row verified
 * @param anchor         where the chain starts: the oldest remaining row and its prev_hash (all zeros = genesis;
 *                       anything else = older rows were removed, e.g. by the audit retention)
 * @param exportedHead   the head this replica last published on /q/metrics, and whether the chain still holds it
 *                       (false: the tail was cut off); null before the first publication
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditVerification(boolean ok, long rows, @Schema(nullable = true) Long firstBrokenId, @Schema(nullable = true) Link head,
        @Schema(nullable = true) Anchor anchor, @Schema(nullable = true) ExportedHead exportedHead,
        long millis, long rowsPerSecond) {

    /** A chain position: seq, row id, hash (hex) and its first 48 bits as the number the metrics export. */
    public record Link(long seq, long id, String hash, long hash48) {
        static Link of(long seq, long id, byte[] hash) {
            return new Link(seq, id, AuditChain.hex(hash), AuditChain.prefix48(hash));
        }
    }

    public record Anchor(long seq, long id, String prevHash, boolean genesis) {
    }

    public record ExportedHead(long seq, long id, String hash, boolean found) {
    }
}
