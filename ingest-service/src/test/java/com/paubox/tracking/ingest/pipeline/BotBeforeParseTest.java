package com.paubox.tracking.ingest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.model.EventRequestReader;
import com.paubox.tracking.model.InvalidEventException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A bot's request is dropped on its User-Agent alone: its body is never parsed, whatever it holds. */
class BotBeforeParseTest {

    private final IngestMetrics metrics = new IngestMetrics(new SimpleMeterRegistry());
    // No validator, scrubber, enrichers or writer: a bot's request must not reach any of them.
    private final IngestPipeline pipeline = new IngestPipeline(new EventRequestReader(null), BotFilter.fromResource(),
            new ClientRateLimiter(60, 100), null, null, null, null, metrics);

    @Test
    void aBotsMalformedBodyIsDroppedUnread() throws InvalidEventException {
        for (String ua : List.of("curl/8.5.0", "", "Googlebot/2.1")) {
            for (String body : List.of("{", "{\"x\":\"\\u0000\"}", "[1,2]", "")) {
                pipeline.ingest(body.getBytes(StandardCharsets.UTF_8), ua, ClientAddress.of("203.0.113.5"), Instant.now())
                        .await().indefinitely();
            }
        }
        pipeline.ingest("{}".getBytes(StandardCharsets.UTF_8), null, ClientAddress.of("203.0.113.5"), Instant.now())
                .await().indefinitely();
        assertEquals(13, count(IngestMetrics.Outcome.BOT), "bot requests");
        assertEquals(0, count(IngestMetrics.Outcome.INVALID));
    }

    @Test
    void aBrowsersMalformedBodyIsStillRefused() {
        String browser = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> pipeline.ingest(
                "{".getBytes(StandardCharsets.UTF_8), browser, ClientAddress.of("203.0.113.5"), Instant.now()));
        assertEquals(400, e.status());
        assertEquals(1, count(IngestMetrics.Outcome.INVALID));
        assertEquals(0, count(IngestMetrics.Outcome.BOT));
    }

    private double count(IngestMetrics.Outcome outcome) {
        return metrics.registry().counter(IngestMetrics.EVENTS, "outcome", outcome.tag()).count();
    }
}
