package com.paubox.tracking.ingest.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** The ingest counters: events by outcome (one per pipeline stage that can stop an event) and scrub hits. */
@ApplicationScoped
public class IngestMetrics {

    public static final String EVENTS = "analytics.ingest.events";
    public static final String SCRUBBED = "analytics.ingest.scrubbed";
    public static final String ENRICHED = "analytics.ingest.enriched";
    /** Prometheus: analytics_identity_rejected_events_total{reason=missing|invalid|expired|mismatch}. */
    public static final String IDENTITY_REJECTED = "analytics.identity.rejected.events";

    public enum Outcome {
        ACCEPTED, DUPLICATE, INVALID, BOT, RATE_LIMITED, IDENTITY_REJECTED, UNAVAILABLE;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> scrubbed = new ConcurrentHashMap<>();
    private final Map<String, Counter> enriched = new ConcurrentHashMap<>();
    private final Map<IdentityVerifier.Reason, Counter> identityRejected = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, Counter.builder(EVENTS).tag("outcome", o.tag())
                    .description("Events received, by what became of them").register(registry));
        }
        for (IdentityVerifier.Reason r : IdentityVerifier.Reason.values()) {
            identityRejected.put(r, Counter.builder(IDENTITY_REJECTED).tag("reason", r.tag())
                    .description("Events whose user_sub/customer_id no valid identity assertion vouched for (stored anonymous, "
                            + "or dropped in require mode)").register(registry));
        }
    }

    public void count(Outcome outcome, int events) {
        if (events > 0) {
            outcomes.get(outcome).increment(events);
        }
    }

    public void identityRejected(IdentityVerifier.Reason reason) {
        identityRejected.get(reason).increment();
    }

    /** kind: email, ssn, card, phone, path_id, query. */
    public void scrubbed(String kind, int hits) {
        if (hits > 0) {
            scrubbed.computeIfAbsent(kind, k -> Counter.builder(SCRUBBED).tag("kind", k)
                    .description("Values replaced by the scrubber").register(registry)).increment(hits);
        }
    }

    /** kind: geo, user_agent. */
    public void enriched(String kind) {
        enriched.computeIfAbsent(kind, k -> Counter.builder(ENRICHED).tag("kind", k)
                .description("Login events enriched").register(registry)).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
