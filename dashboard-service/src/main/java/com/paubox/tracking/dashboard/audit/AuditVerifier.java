package com.paubox.tracking.dashboard.audit;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import com.paubox.tracking.dashboard.audit.AuditRepository.Head;
import com.paubox.tracking.dashboard.audit.AuditVerification.Anchor;
import com.paubox.tracking.dashboard.audit.AuditVerification.ExportedHead;
import com.paubox.tracking.dashboard.audit.AuditVerification.Link;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Re-computes the whole chain, streamed in keyset pages of {@value #PAGE} rows: the next page is already
 * being fetched while the current one is hashed on a worker thread (never on the event loop), so memory
 * stays at two pages whatever the table size. Rows appended after the run started are left to the next run.
 */
@ApplicationScoped
public class AuditVerifier {

    static final int PAGE = 10_000;

    private final AuditRepository repository;
    private final AuditHeadPublisher publisher;

    public AuditVerifier(AuditRepository repository, AuditHeadPublisher publisher) {
        this.repository = repository;
        this.publisher = publisher;
    }

    public Uni<AuditVerification> verify() {
        Head exported = publisher.lastExported();
        long started = System.nanoTime();
        return repository.head().flatMap(head -> {
            if (head == null) {
                return Uni.createFrom().item(new Run(exported));
            }
            Run run = new Run(exported);
            return continueWith(run, repository.chainPage(0, head.seq(), PAGE).subscribeAsCompletionStage(), head.seq());
        }).map(run -> run.result(started));
    }

    private Uni<Run> continueWith(Run run, CompletableFuture<RowSet<Row>> fetched, long upToSeq) {
        return Uni.createFrom().completionStage(fetched).flatMap(page -> {
            if (page.size() == 0) {
                return Uni.createFrom().item(run);
            }
            long lastSeq = lastSeq(page);
            // fetch the next page while this one is hashed
            CompletableFuture<RowSet<Row>> next = page.size() < PAGE || lastSeq >= upToSeq ? null
                    : repository.chainPage(lastSeq, upToSeq, PAGE).subscribeAsCompletionStage();
            return Uni.createFrom().item(() -> run.check(page)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .flatMap(r -> next == null ? Uni.createFrom().item(r) : continueWith(r, next, upToSeq));
        });
    }

    private static long lastSeq(RowSet<Row> page) {
        long seq = 0;
        for (Row r : page) {
            seq = r.getLong(0);
        }
        return seq;
    }

    /** The state of one verification; pages are checked one after the other (never concurrently). */
    static final class Run {
        private final AuditChain chain = new AuditChain();
        private final Head exported;
        private long rows;
        private Long firstBrokenId;
        private byte[] expectedPrev;
        private long expectedSeq;
        private Anchor anchor;
        private AuditChainRow last;
        private Boolean exportedFound;

        Run(Head exported) {
            this.exported = exported;
        }

        Run check(RowSet<Row> page) {
            for (Row r : page) {
                check(AuditRepository.chainRow(r));
            }
            return this;
        }

        void check(AuditChainRow row) {
            if (anchor == null) {
                // The oldest remaining row: its prev_hash is trusted as the start (genesis, or the last row retention removed).
                anchor = new Anchor(row.seq(), row.id(), AuditChain.hex(row.prevHash()), Arrays.equals(row.prevHash(), AuditChain.GENESIS));
                expectedPrev = row.prevHash();
                expectedSeq = row.seq();
            }
            boolean linked = row.seq() == expectedSeq && Arrays.equals(row.prevHash(), expectedPrev);
            boolean intact = Arrays.equals(chain.hash(expectedPrev, row), row.hash());
            if ((!linked || !intact) && firstBrokenId == null) {
                firstBrokenId = row.id();
            }
            if (exported != null && row.seq() == exported.seq()) {
                exportedFound = row.id() == exported.id() && Arrays.equals(row.hash(), exported.hash());
            }
            // carry on from the stored hash, so that one bad row does not mark every later one
            expectedPrev = row.hash();
            expectedSeq = row.seq() + 1;
            last = row;
            rows++;
        }

        AuditVerification result(long startedNanos) {
            long nanos = Math.max(1, System.nanoTime() - startedNanos);
            ExportedHead exportedHead = exported == null ? null
                    : new ExportedHead(exported.seq(), exported.id(), AuditChain.hex(exported.hash()), Boolean.TRUE.equals(exportedFound));
            boolean ok = firstBrokenId == null && (exportedHead == null || exportedHead.found());
            Link head = last == null ? null : Link.of(last.seq(), last.id(), last.hash());
            return new AuditVerification(ok, rows, firstBrokenId, head, anchor, exportedHead, nanos / 1_000_000, rows * 1_000_000_000L / nanos);
        }
    }
}
