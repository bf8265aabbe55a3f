package com.paubox.tracking.ingest.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The writer's statement for clamped times (issue 26), with rows built here so that receive times and the clamp
 * decision are exact: one batch holding an event from two requests, an attempt clamped and another believed (the
 * client's time crossing the 1 hour / 7 days limit between retries), two writers at once, and retention.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ClampedTimesWriterTest {

    static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);

    @Inject
    Pool pool;

    @Inject
    EventWriter writer;

    @Test
    void oneBatchHoldingAClampedEventFromTwoRequestsStoresItOnceAtTheEarlierTime() {
        UUID id = UUID.randomUUID();
        OffsetDateTime client = NOW.plusHours(3);
        assertEquals(1, write(clamped(id, client, NOW.plusSeconds(1)), clamped(id, client, NOW)));
        assertEquals(List.of(NOW.toInstant()), storedTimes(id));
        assertEquals(0, write(clamped(id, client, NOW.plusSeconds(2))));
        assertEquals(List.of(NOW.toInstant()), storedTimes(id));
    }

    @Test
    void clampedFirstAndBelievedOnARetryIsStoredOnce() {
        // A clock 1 h + 1 s ahead: clamped on the first attempt, believed on a retry 2 s later.
        UUID id = UUID.randomUUID();
        OffsetDateTime client = NOW.plusHours(1).plusSeconds(1);
        assertEquals(1, write(clamped(id, client, NOW)));
        assertEquals(0, write(believed(id, client, NOW.plusSeconds(2))));
        assertEquals(List.of(NOW.toInstant()), storedTimes(id));
    }

    @Test
    void believedFirstAndClampedOnARetryIsStoredOnce() {
        // Queued in the browser: believed just under 7 days old, clamped when resent after a reload.
        UUID id = UUID.randomUUID();
        OffsetDateTime client = NOW.minusDays(7).plusSeconds(1);
        assertEquals(1, write(believed(id, client, NOW)));
        assertEquals(0, write(clamped(id, client, NOW.plusSeconds(2))));
        assertEquals(0, write(clamped(id, client, NOW.plusSeconds(3))));
        assertEquals(List.of(client.toInstant()), storedTimes(id));
    }

    @Test
    void aSecondWriterWaitsForTheFirstAndGetsItsTime() throws Exception {
        UUID id = UUID.randomUUID();
        OffsetDateTime client = NOW.plusHours(5);
        SqlConnection first = pool.getConnection().await().indefinitely();
        SqlConnection second = pool.getConnection().await().indefinitely();
        try {
            Transaction one = first.begin().await().indefinitely();
            assertEquals(1, first.preparedQuery(EventWriter.INSERT).execute(EventWriter.toArrays(List.of(clamped(id, client, NOW))))
                    .await().indefinitely().size());
            Transaction two = second.begin().await().indefinitely();
            CompletableFuture<RowSet<Row>> retry = second.preparedQuery(EventWriter.INSERT)
                    .execute(EventWriter.toArrays(List.of(clamped(id, client, NOW.plusSeconds(1))))).subscribeAsCompletionStage();
            Thread.sleep(300);
            assertFalse(retry.isDone(), "the retry waits for the first writer's commit");
            one.commit().await().indefinitely();
            assertEquals(0, retry.get(5, TimeUnit.SECONDS).size());
            two.commit().await().indefinitely();
        } finally {
            first.close().await().indefinitely();
            second.close().await().indefinitely();
        }
        assertEquals(List.of(NOW.toInstant()), storedTimes(id));
    }

    @Test
    void retentionForgetsTheClampedTimesOfDroppedMonths() {
        UUID old = UUID.randomUUID();
        UUID sameMonth = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO analytics_clamped_events (event_id, occurred_at) VALUES ($1, $2), ($3, $4)")
                .execute(Tuple.of(old, OffsetDateTime.parse("2020-01-15T12:00:00Z"), sameMonth,
                        OffsetDateTime.parse("2020-02-15T12:00:00Z")))
                .await().indefinitely();
        pool.preparedQuery("SELECT analytics_drop_partitions_before($1)").execute(Tuple.of(OffsetDateTime.parse("2020-02-20T00:00:00Z")))
                .await().indefinitely();
        assertEquals(0, remembered(old));
        assertEquals(1, remembered(sameMonth), "its month's partition is kept, so is its time");
    }

    private int write(EventRow... rows) {
        return writer.write(List.of(rows)).await().atMost(java.time.Duration.ofSeconds(10));
    }

    private List<java.time.Instant> storedTimes(UUID id) {
        return pool.preparedQuery("SELECT occurred_at FROM analytics_events WHERE event_id = $1").execute(Tuple.of(id))
                .await().indefinitely().stream().map(r -> r.getOffsetDateTime(0).toInstant()).toList();
    }

    private long remembered(UUID id) {
        return pool.preparedQuery("SELECT count(*) FROM analytics_clamped_events WHERE event_id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getLong(0);
    }

    /** The client's time replaced by the receive time, as IngestPipeline does. */
    static EventRow clamped(UUID id, OffsetDateTime client, OffsetDateTime received) {
        return row(id, received, received, client);
    }

    static EventRow believed(UUID id, OffsetDateTime client, OffsetDateTime received) {
        return row(id, client, received, null);
    }

    private static EventRow row(UUID id, OffsetDateTime occurred, OffsetDateTime received, OffsetDateTime clampedFrom) {
        return new EventRow(id, occurred, received, "page_view", UUID.randomUUID(), UUID.randomUUID(), 1, null, null,
                "dashboard", "/messages/inbox", null, null, null, null, null, null, null, null, null, null, null, null,
                null, clampedFrom);
    }
}
