package com.paubox.tracking.ingest.rest;

import static com.paubox.tracking.ingest.rest.TestEvents.batch;
import static com.paubox.tracking.ingest.rest.TestEvents.count;
import static com.paubox.tracking.ingest.rest.TestEvents.pageView;
import static com.paubox.tracking.ingest.rest.TestEvents.post;
import static com.paubox.tracking.ingest.rest.TestEvents.row;
import static com.paubox.tracking.ingest.rest.TestEvents.rowsOfSession;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;

/**
 * Issue 26: a retried event is stored once even when its absurd client time was replaced by the receive time,
 * which differs on every attempt. Real HTTP requests a second apart, rows read back from PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ClampedRetryTest {

    @Inject
    Pool pool;

    @Test
    void aRetriedClampedEventIsStoredOnceWithItsFirstTime() throws InterruptedException {
        ObjectNode e = inTheFuture(pageView(UUID.randomUUID()));
        post(e).statusCode(204);
        OffsetDateTime first = row(pool, id(e)).getOffsetDateTime("occurred_at");
        Thread.sleep(1_000);
        post(e).statusCode(204);
        assertEquals(1, count(pool, id(e)));
        Row stored = row(pool, id(e));
        assertEquals(first.toInstant(), stored.getOffsetDateTime("occurred_at").toInstant());
        assertEquals(stored.getOffsetDateTime("received_at").toInstant(), first.toInstant(), "the first attempt's row");
    }

    @Test
    void twoDifferentClampedEventsAreBothStored() throws InterruptedException {
        UUID session = UUID.randomUUID();
        ObjectNode a = inTheFuture(pageView(session));
        ObjectNode b = inTheFuture(pageView(session));
        b.put("occurred_at", a.get("occurred_at").asText()); // the same absurd time, different events
        post(a).statusCode(204);
        Thread.sleep(1_000);
        post(b).statusCode(204);
        assertEquals(1, count(pool, id(a)));
        assertEquals(1, count(pool, id(b)));
        assertEquals(2, rowsOfSession(pool, session).size());
    }

    @Test
    void aRetriedPlausibleEventIsStillStoredOnce() throws InterruptedException {
        ObjectNode e = pageView(UUID.randomUUID());
        e.put("occurred_at", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5).truncatedTo(ChronoUnit.MILLIS).toString());
        post(e).statusCode(204);
        Thread.sleep(1_000);
        post(e).statusCode(204);
        assertEquals(1, count(pool, id(e)));
        assertEquals(OffsetDateTime.parse(e.get("occurred_at").asText()).toInstant(),
                row(pool, id(e)).getOffsetDateTime("occurred_at").toInstant());
    }

    @Test
    void aBatchHoldingTheSameClampedEventTwiceStoresItOnce() throws InterruptedException {
        UUID session = UUID.randomUUID();
        ObjectNode e = inTheFuture(pageView(session));
        ObjectNode other = inTheFuture(pageView(session));
        post(batch(List.of(e, e.deepCopy(), other))).statusCode(204);
        Thread.sleep(1_000);
        post(batch(List.of(other, e, e.deepCopy()))).statusCode(204);
        assertEquals(1, count(pool, id(e)));
        assertEquals(1, count(pool, id(other)));
        assertEquals(2, rowsOfSession(pool, session).size());
    }

    @Test
    void aRetriedEventClampedBecauseItIsOldIsStoredOnce() throws InterruptedException {
        ObjectNode e = pageView(UUID.randomUUID());
        e.put("occurred_at", OffsetDateTime.now(ZoneOffset.UTC).minusDays(30).toString());
        post(e).statusCode(204);
        Thread.sleep(1_000);
        post(e).statusCode(204);
        assertEquals(1, count(pool, id(e)));
    }

    /** A client clock 3 hours ahead: more than the hour the server believes, so the time is clamped. */
    private static ObjectNode inTheFuture(ObjectNode e) {
        e.put("occurred_at", OffsetDateTime.now(ZoneOffset.UTC).plusHours(3).toString());
        return e;
    }

    private static String id(ObjectNode e) {
        return e.get("event_id").asText();
    }
}
