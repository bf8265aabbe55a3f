package com.paubox.tracking.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.model.Estimate;
import com.paubox.tracking.dashboard.model.SessionsReport;
import com.paubox.tracking.dashboard.repository.report.SessionsQueryAccess;

/** /sessions' distribution over many users is read from a consistent sample of them and scaled up, with its error. */
class SessionsSampleTest {

    @Test
    void fewUsersAreReadExactly() {
        assertEquals(1024, SessionsQueryAccess.sampleOf1024(0));
        assertEquals(1024, SessionsQueryAccess.sampleOf1024(4000));
        assertEquals(41, SessionsQueryAccess.sampleOf1024(100_000));
        assertEquals(1, SessionsQueryAccess.sampleOf1024(100_000_000));
        SessionsReport r = SessionsQueryAccess.report(List.of(new SessionsReport.Bucket(1, 3, null), new SessionsReport.Bucket(2, 1, null)), 1024);
        assertEquals(4, r.users());
        assertEquals(1.25, r.avgSessionsPerUser());
        assertNull(r.distribution().get(0).estimates());
    }

    @Test
    void aSampleIsScaledUpWithItsError() {
        // 256 of 1024 buckets: p = 1/4
        SessionsReport r = SessionsQueryAccess.report(List.of(new SessionsReport.Bucket(1, 100, null), new SessionsReport.Bucket(3, 25, null)), 256);
        assertEquals(400, r.distribution().get(0).users());
        assertEquals(100, r.distribution().get(1).users());
        assertEquals(1.4, r.avgSessionsPerUser());
        Estimate e = r.distribution().get(0).estimates().get("users");
        assertEquals("sample", e.method());
        assertEquals(Math.round(Math.sqrt(0.75 / 100) * 10000) / 10000.0, e.rse());
        assertTrue(e.lower() < 400 && e.upper() > 400, e.toString());
        assertEquals(123_456, r.users(), "users: the HLL figure, not the sample's");
    }
}
