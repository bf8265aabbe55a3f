package com.paubox.tracking.ingest.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.paubox.tracking.ingest.config.IdentityMode;
import com.paubox.tracking.ingest.pipeline.IdentityVerifier.Reason;
import com.paubox.tracking.ingest.pipeline.IdentityVerifier.Verdict;
import com.paubox.tracking.ingest.pipeline.IngestMetrics.Outcome;
import com.paubox.tracking.ingest.repository.EventRow;
import com.paubox.tracking.ingest.repository.EventWriter;
import com.paubox.tracking.ingest.repository.StorageUnavailableException;
import com.paubox.tracking.model.AnalyticsEvent;
import com.paubox.tracking.model.EventBatch;
import com.paubox.tracking.model.EventJson;
import com.paubox.tracking.model.EventRequestReader;
import com.paubox.tracking.model.InvalidEventException;

import io.smallrye.mutiny.Uni;

/**
 * The ingest stages in order: parse and validate, drop bots, rate-limit, verify the claimed identity, scrub,
 * enrich login events, write. Each stage is its own class; this one only wires them and counts outcomes. The client address
 * and User-Agent are arguments only: they are used here and dropped, never part of a row or a log line.
 */
public class IngestPipeline {

    /** docs/events.md: client clocks more than 7 days behind or 1 hour ahead are not believed. */
    static final Duration MAX_BEHIND = Duration.ofDays(7);
    static final Duration MAX_AHEAD = Duration.ofHours(1);

    private final EventRequestReader reader;
    private final BotFilter bots;
    private final ClientRateLimiter limiter;
    private final IdentityVerifier identity;
    private final Scrubber scrubber;
    private final GeoEnricher geo;
    private final UserAgentEnricher agents;
    private final EventWriter writer;
    private final IngestMetrics metrics;

    public IngestPipeline(EventRequestReader reader, BotFilter bots, ClientRateLimiter limiter, IdentityVerifier identity,
            Scrubber scrubber, GeoEnricher geo, UserAgentEnricher agents, EventWriter writer, IngestMetrics metrics) {
        this.reader = reader;
        this.bots = bots;
        this.limiter = limiter;
        this.identity = identity;
        this.scrubber = scrubber;
        this.geo = geo;
        this.agents = agents;
        this.writer = writer;
        this.metrics = metrics;
    }

    /**
     * Runs a request body through the pipeline. Throws {@link InvalidEventException} for a body that
     * breaks the contract (nothing is stored); the Uni fails with {@link StorageUnavailableException} when
     * the events could not be stored.
     */
    public Uni<IngestResult> ingest(byte[] body, String userAgent, ClientAddress client, Instant receivedAt)
            throws InvalidEventException {
        if (hasNulEscape(body)) {
            // Valid JSON, but PostgreSQL cannot store NUL in text or jsonb: refused here rather than failing a
            // whole batch (other clients' events included) at the database.
            metrics.count(Outcome.INVALID, 1);
            throw new InvalidEventException("body", "NUL characters are not accepted", 400);
        }
        EventBatch batch;
        try {
            batch = reader.read(body);
        } catch (InvalidEventException e) {
            metrics.count(Outcome.INVALID, 1);
            throw e;
        } catch (RuntimeException e) {
            // Whatever a hostile body makes the parser throw, it is the body's fault: 400, never a 5xx.
            metrics.count(Outcome.INVALID, 1);
            throw new InvalidEventException("body", "unreadable body", 400);
        }
        List<AnalyticsEvent> events = batch.events();
        int received = events.size();
        if (bots.isBot(userAgent)) {
            metrics.count(Outcome.BOT, received);
            return Uni.createFrom().item(new IngestResult(received, received, 0, 0, 0, 0));
        }
        int admitted = limiter.admit(client.limitKey(), received);
        metrics.count(Outcome.RATE_LIMITED, received - admitted);
        if (admitted == 0) {
            return Uni.createFrom().item(new IngestResult(received, 0, received, 0, 0, 0));
        }
        OffsetDateTime received_at = receivedAt.atOffset(ZoneOffset.UTC);
        Scrubber.Hits hits = new Scrubber.Hits();
        List<EventRow> rows = new ArrayList<>(admitted);
        Geo where = null;
        UserAgentEnricher.Agent agent = null;
        Verdict verdict = null; // verified at the first event that claims someone
        int identityDropped = 0;
        for (AnalyticsEvent e : events.subList(0, admitted)) {
            boolean anonymise = false;
            if (identity.mode() != IdentityMode.OFF && (e.userSub() != null || e.customerId() != null)) {
                verdict = verdict == null ? identity.verify(batch.identityToken()) : verdict;
                Reason rejected = verdict.judge(e.userSub(), e.customerId());
                if (rejected != null) {
                    metrics.identityRejected(rejected);
                    if (identity.mode() == IdentityMode.REQUIRE) {
                        identityDropped++;
                        continue;
                    }
                    anonymise = true;
                }
            }
            boolean login = e.type().isLogin();
            if (login && where == null) {
                where = geo.lookup(client.address());
                agent = agents.parse(userAgent);
                if (where.country() != null) {
                    metrics.enriched("geo");
                }
                if (agent.browser() != null || agent.os() != null) {
                    metrics.enriched("user_agent");
                }
            }
            rows.add(toRow(e, anonymise, received_at, hits, login ? where : Geo.NONE, login ? agent : null));
        }
        countHits(hits);
        int refused = received - admitted;
        int dropped = identityDropped;
        metrics.count(Outcome.IDENTITY_REJECTED, dropped);
        if (rows.isEmpty()) {
            return Uni.createFrom().item(new IngestResult(received, 0, refused, dropped, 0, 0));
        }
        return writer.write(rows)
                .onItem().transform(stored -> {
                    metrics.count(Outcome.ACCEPTED, stored);
                    metrics.count(Outcome.DUPLICATE, rows.size() - stored);
                    return new IngestResult(received, 0, refused, dropped, stored, rows.size() - stored);
                })
                .onFailure(StorageUnavailableException.class).invoke(() -> metrics.count(Outcome.UNAVAILABLE, rows.size()));
    }

    /** {@code anonymise}: the identity was not vouched for, so the row keeps neither user_sub nor customer_id. */
    private EventRow toRow(AnalyticsEvent e, boolean anonymise, OffsetDateTime receivedAt, Scrubber.Hits hits, Geo where,
            UserAgentEnricher.Agent agent) {
        OffsetDateTime occurredAt = clamp(e.occurredAt(), receivedAt);
        OffsetDateTime clampedFrom = occurredAt.equals(e.occurredAt()) ? null : e.occurredAt();
        return new EventRow(e.eventId(), occurredAt, receivedAt, e.type().wireName(), e.anonId(),
                e.sessionId(), e.sessionCount(), anonymise ? null : e.userSub(), anonymise ? null : e.customerId(), e.surface(),
                scrubber.path(e.pagePath(), hits), e.durationMs(), e.visibleMs(), scrubber.text(e.label(), hits),
                e.element(), scrubber.path(e.hrefPath(), hits), scrubber.text(e.errorCode(), hits),
                where.city(), where.region(), where.country(),
                agent == null ? null : agent.browser(), agent == null ? null : agent.os(),
                agent == null ? null : agent.deviceType(),
                json(scrubber.properties(e.properties(), hits)),
                clampedFrom);
    }

    /** The stored occurred_at: the client's time unless it is absurd, then the receive time. */
    static OffsetDateTime clamp(OffsetDateTime occurredAt, OffsetDateTime receivedAt) {
        if (occurredAt.isBefore(receivedAt.minus(MAX_BEHIND)) || occurredAt.isAfter(receivedAt.plus(MAX_AHEAD))) {
            return receivedAt;
        }
        return occurredAt;
    }

    private static String json(Object properties) {
        if (properties == null) {
            return null;
        }
        try {
            return EventJson.mapper().writeValueAsString(properties);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("properties not serialisable", e);
        }
    }

    private void countHits(Scrubber.Hits hits) {
        metrics.scrubbed("email", hits.emails);
        metrics.scrubbed("ssn", hits.ssns);
        metrics.scrubbed("card", hits.cards);
        metrics.scrubbed("phone", hits.phones);
        metrics.scrubbed("path_id", hits.pathIds);
        metrics.scrubbed("query", hits.queries);
    }

    /** Whether a JSON body holds the escape for NUL (backslash u 0000) outside an escaped backslash. */
    static boolean hasNulEscape(byte[] body) {
        for (int i = 0; i + 5 < body.length; i++) {
            if (body[i] == '\\') {
                if (body[i + 1] == 'u' && body[i + 2] == '0' && body[i + 3] == '0' && body[i + 4] == '0' && body[i + 5] == '0') {
                    return true;
                }
                i++; // the escaped character is never the start of another escape
            }
        }
        return false;
    }
}
