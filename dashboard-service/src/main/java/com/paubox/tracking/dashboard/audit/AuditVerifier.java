package com.paubox.tracking.dashboard.audit;

import java.util.Arrays;

import javax.sql.DataSource;

import com.paubox.tracking.dashboard.audit.AuditRepository.Head;
import com.paubox.tracking.dashboard.audit.AuditVerification.Anchor;
import com.paubox.tracking.dashboard.audit.AuditVerification.ExportedHead;
import com.paubox.tracking.dashboard.audit.AuditVerification.Link;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Re-computes the whole chain in Java: the head is read first, then every row up to it is streamed with
 * one binary COPY (AuditChainCopy) and hashed as it arrives, on a worker thread (never on the event loop);
 * memory stays at one receive buffer whatever the table size. Rows appended after the run started are
 * left to the next run.
 */
@ApplicationScoped
public class AuditVerifier {

    private final AuditRepository repository;
    private final AuditHeadPublisher publisher;
    private final AuditChainCopy copy;

    public AuditVerifier(AuditRepository repository, AuditHeadPublisher publisher, DataSource dataSource) {
        this.repository = repository;
        this.publisher = publisher;
        this.copy = new AuditChainCopy(dataSource);
    }

    public Uni<AuditVerification> verify() {
        Head exported = publisher.lastExported();
        long started = System.nanoTime();
        return repository.head().flatMap(head -> {
            Run run = new Run(exported);
            if (head == null) {
                return Uni.createFrom().item(run);
            }
            return Uni.createFrom().item(() -> {
                try {
                    copy.stream(head.seq(), run::check);
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException("audit chain could not be read", e);
                }
                return run;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }).map(run -> run.result(started));
    }

    /** The state of one verification; rows are checked one after the other, in chain order. */
    static final class Run {
        private final AuditChain chain = new AuditChain();
        private final Head exported;
        private final byte[] computed = new byte[AuditChain.HASH_BYTES];
        private long rows;
        private Long firstBrokenId;
        /** The stored hash of the previous row (after the last row: the head's hash). */
        private byte[] expectedPrev = new byte[AuditChain.HASH_BYTES];
        private long expectedSeq;
        private Anchor anchor;
        private long lastSeq;
        private long lastId;
        private Boolean exportedFound;

        Run(Head exported) {
            this.exported = exported;
        }

        void check(AuditChainCopy.Row row) {
            long seq = row.seq();
            long id = row.id();
            byte[] buf = row.buf;
            int prevAt = row.prevHashAt();
            int prevLength = row.prevHashLength();
            if (anchor == null) {
                // The oldest remaining row: its prev_hash is trusted as the start (genesis, or the last row retention removed).
                expectedPrev = Arrays.copyOfRange(buf, prevAt, prevAt + prevLength);
                expectedSeq = seq;
                anchor = new Anchor(seq, id, AuditChain.hex(expectedPrev), Arrays.equals(expectedPrev, AuditChain.GENESIS));
            }
            boolean linked = seq == expectedSeq && Arrays.equals(buf, prevAt, prevAt + prevLength, expectedPrev, 0, expectedPrev.length);
            chain.hash(expectedPrev, row, computed);
            int hashAt = row.hashAt();
            int hashLength = row.hashLength();
            boolean intact = Arrays.equals(buf, hashAt, hashAt + hashLength, computed, 0, computed.length);
            if ((!linked || !intact) && firstBrokenId == null) {
                firstBrokenId = id;
            }
            if (exported != null && seq == exported.seq()) {
                exportedFound = id == exported.id() && Arrays.equals(buf, hashAt, hashAt + hashLength, exported.hash(), 0, exported.hash().length);
            }
            // carry on from the stored hash, so that one bad row does not mark every later one
            if (hashLength != expectedPrev.length) {
                expectedPrev = new byte[hashLength];
            }
            System.arraycopy(buf, hashAt, expectedPrev, 0, hashLength);
            expectedSeq = seq + 1;
            lastSeq = seq;
            lastId = id;
            rows++;
        }

        AuditVerification result(long startedNanos) {
            long nanos = Math.max(1, System.nanoTime() - startedNanos);
            ExportedHead exportedHead = exported == null ? null
                    : new ExportedHead(exported.seq(), exported.id(), AuditChain.hex(exported.hash()), Boolean.TRUE.equals(exportedFound));
            boolean ok = firstBrokenId == null && (exportedHead == null || exportedHead.found());
            Link head = rows == 0 ? null : Link.of(lastSeq, lastId, expectedPrev);
            return new AuditVerification(ok, rows, firstBrokenId, head, anchor, exportedHead, nanos / 1_000_000, rows * 1_000_000_000L / nanos);
        }
    }
}
