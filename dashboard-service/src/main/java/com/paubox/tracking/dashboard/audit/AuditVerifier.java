package com.paubox.tracking.dashboard.audit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import com.paubox.tracking.dashboard.audit.AuditRepository.Head;
import com.paubox.tracking.dashboard.audit.AuditVerification.Anchor;
import com.paubox.tracking.dashboard.audit.AuditVerification.ExportedHead;
import com.paubox.tracking.dashboard.audit.AuditVerification.Link;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Re-computes the whole chain in Java: the head is read first, then the rows up to it are streamed in
 * {@value #SEGMENTS} seq ranges at once, each with one binary COPY (AuditChainCopy) on its own connection and
 * worker thread (never on the event loop), hashed as they arrive; the ranges are then joined at their
 * boundaries, which gives the same answer as one pass (PostgreSQL producing the rows is the slower side,
 * so two backends nearly double the speed). Memory stays at one receive buffer per range whatever the
 * table size. Rows appended after the run started are left to the next run.
 */
@ApplicationScoped
public class AuditVerifier {

    /** Seq ranges streamed at once: one more JDBC connection each (quarkus.datasource.jdbc.max-size). */
    public static final int SEGMENTS = 2;

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
            if (head == null) {
                return Uni.createFrom().item(new Run(exported));
            }
            return Uni.createFrom().item(() -> verifyUpTo(head.seq(), exported)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }).map(run -> run.result(started));
    }

    /** Blocking: streams [oldest seq, upToSeq] in SEGMENTS ranges at once and joins them in chain order. */
    private Run verifyUpTo(long upToSeq, Head exported) {
        long from = read(() -> copy.firstSeq());
        long span = Math.max(1, (upToSeq - from + 1 + SEGMENTS - 1) / SEGMENTS);
        List<CompletableFuture<Run>> segments = new ArrayList<>();
        for (long start = from; start <= upToSeq; start += span) {
            long first = start;
            long last = Math.min(upToSeq, start + span - 1);
            segments.add(CompletableFuture.supplyAsync(() -> {
                Run run = new Run(exported);
                read(() -> copy.stream(first, last, run::check));
                return run;
            }, Infrastructure.getDefaultWorkerPool()));
        }
        Run joined = new Run(exported);
        for (CompletableFuture<Run> segment : segments) {
            joined = joined.then(segment.join());
        }
        return joined;
    }

    private interface Read {
        long get() throws SQLException;
    }

    private static long read(Read read) {
        try {
            return read.get();
        } catch (SQLException e) {
            throw new IllegalStateException("audit chain could not be read", e);
        }
    }

    /** The state of one verification (of one seq range); rows are checked one after the other, in chain order. */
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
        private byte[] anchorPrev;
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
                anchorPrev = expectedPrev.clone();
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

        /**
         * This range followed by the next one: the next range's first row must link to this range's last
         * (else that row is the first broken one of the next range, as a single pass would have found).
         */
        Run then(Run next) {
            if (next.rows == 0) {
                return this;
            }
            if (rows == 0) {
                return next;
            }
            boolean linked = next.anchor.seq() == expectedSeq && Arrays.equals(next.anchorPrev, expectedPrev);
            if (firstBrokenId == null) {
                firstBrokenId = linked ? next.firstBrokenId : Long.valueOf(next.anchor.id());
            }
            if (next.exportedFound != null) {
                exportedFound = next.exportedFound;
            }
            rows += next.rows;
            expectedPrev = next.expectedPrev;
            expectedSeq = next.expectedSeq;
            lastSeq = next.lastSeq;
            lastId = next.lastId;
            return this;
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
