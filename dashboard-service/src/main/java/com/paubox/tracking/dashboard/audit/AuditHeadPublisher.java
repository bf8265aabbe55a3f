package com.paubox.tracking.dashboard.audit;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.paubox.tracking.dashboard.audit.AuditRepository.Head;
import com.paubox.tracking.dashboard.rest.ProblemMappers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes the chain head outside the database, every ANALYTICS_AUDIT_HEAD_EVERY: a log line with the full
 * hash and the gauges audit_chain_head_seq / _id / _hash48 on /q/metrics (hash48 = the hash's first 48 bits as
 * an integer, exact in a Prometheus sample). A scraper that keeps them can later prove a cut tail: the
 * exported seq is gone or holds another hash. Each run also checks that the head it published last time is
 * still in the chain (counter audit_chain_head_lost_total, an ERROR log).
 */
@ApplicationScoped
public class AuditHeadPublisher {

    private static final Logger LOG = Logger.getLogger(AuditHeadPublisher.class);

    private final AuditRepository repository;
    private final AtomicReference<Head> exported = new AtomicReference<>();
    private final AtomicLong seq = new AtomicLong(-1);
    private final AtomicLong id = new AtomicLong(-1);
    private final AtomicLong hash48 = new AtomicLong(-1);
    private final Counter lost;

    public AuditHeadPublisher(AuditRepository repository, MeterRegistry registry) {
        this.repository = repository;
        Gauge.builder("audit.chain.head.seq", seq, AtomicLong::get).description("Chain position of the last audit_log row (-1: not yet read)")
                .register(registry);
        Gauge.builder("audit.chain.head.id", id, AtomicLong::get).description("id of the last audit_log row (-1: not yet read)").register(registry);
        Gauge.builder("audit.chain.head.hash48", hash48, AtomicLong::get)
                .description("First 48 bits of the last audit_log row's hash, as an integer (-1: not yet read)").register(registry);
        lost = Counter.builder("audit.chain.head.lost").description("Times a previously exported chain head was no longer in audit_log")
                .register(registry);
    }

    @Scheduled(identity = "audit-chain-head", every = "${analytics.audit.head-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return publish().onFailure().invoke(e -> LOG.warnf("audit chain head not published: %s", ProblemMappers.summary(e)))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Reads the head, checks the previous one is still there, then exports and logs the new one. */
    public Uni<Head> publish() {
        Head previous = exported.get();
        Uni<Boolean> stillThere = previous == null ? Uni.createFrom().item(true)
                : repository.at(previous.seq()).map(row -> row != null && row.id() == previous.id() && Arrays.equals(row.hash(), previous.hash()));
        return stillThere.flatMap(present -> {
            if (!present) {
                lost.increment();
                LOG.errorf("audit chain: the previously exported head seq=%d id=%d hash=%s is no longer in audit_log (tail removed or rewritten)",
                        previous.seq(), previous.id(), AuditChain.hex(previous.hash()));
            }
            return repository.head();
        }).invoke(head -> {
            if (head == null) {
                return;
            }
            exported.set(head);
            seq.set(head.seq());
            id.set(head.id());
            hash48.set(AuditChain.prefix48(head.hash()));
            if (previous == null || previous.seq() != head.seq()) {
                LOG.infof("audit chain head seq=%d id=%d hash=%s", head.seq(), head.id(), AuditChain.hex(head.hash()));
            }
        });
    }

    /** The head last published by this replica, or null. */
    public Head lastExported() {
        return exported.get();
    }
}
