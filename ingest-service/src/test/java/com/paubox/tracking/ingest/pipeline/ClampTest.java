package com.paubox.tracking.ingest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

class ClampTest {

    static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-29T14:00:00Z");

    @Test
    void plausibleClientTimeIsKept() {
        assertEquals(NOW.minusDays(6), IngestPipeline.clamp(NOW.minusDays(6), NOW));
        assertEquals(NOW.plusMinutes(59), IngestPipeline.clamp(NOW.plusMinutes(59), NOW));
        assertEquals(NOW.minusDays(7), IngestPipeline.clamp(NOW.minusDays(7), NOW));
    }

    @Test
    void absurdClientTimeBecomesReceiveTime() {
        assertEquals(NOW, IngestPipeline.clamp(NOW.minusDays(7).minusSeconds(1), NOW));
        assertEquals(NOW, IngestPipeline.clamp(NOW.plusHours(1).plusSeconds(1), NOW));
        assertEquals(NOW, IngestPipeline.clamp(OffsetDateTime.parse("1970-01-01T00:00:00Z"), NOW));
    }
}
