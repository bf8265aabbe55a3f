package com.paubox.tracking.dashboard.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.dashboard.funnel.FunnelMatcher.Event;
import com.paubox.tracking.dashboard.service.BadParameterException;

/** The ordered-step semantics (issue 28): order, repeats, sessions, day and 7-day windows, the best start, medians; and the step syntax. */
class FunnelMatcherTest {

    static final UUID S1 = UUID.randomUUID();
    static final UUID S2 = UUID.randomUUID();
    static final ZoneId NY = ZoneId.of("America/New_York");

    static Event e(String at, int steps, UUID session, String user) {
        return new Event(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(at)), steps, session, user);
    }

    static List<Long> reached(FunnelMatcher m) {
        return m.result().stream().map(FunnelMatcher.StepResult::reached).toList();
    }

    @Test
    void stepsCountOnlyInOrder() {
        FunnelMatcher m = new FunnelMatcher(3, FunnelWindow.SESSION, NY);
        // B before A, then A, C: reaches A only (B before A does not count, C needs B after A)
        m.session(List.of(e("2026-11-02T10:00:00Z", 0b010, S1, "u1"), e("2026-11-02T10:01:00Z", 0b001, S1, "u1"), e("2026-11-02T10:02:00Z", 0b100, S1, "u1")));
        assertEquals(List.of(1L, 0L, 0L), reached(m));
    }

    @Test
    void repeatedStepsCountOnceAndTheEarliestNextStepIsTaken() {
        FunnelMatcher m = new FunnelMatcher(2, FunnelWindow.SESSION, NY);
        m.session(List.of(e("2026-11-02T10:00:00Z", 1, S1, "u1"), e("2026-11-02T10:00:30Z", 1, S1, "u1"), e("2026-11-02T10:01:00Z", 2, S1, "u1"),
                e("2026-11-02T10:05:00Z", 2, S1, "u1")));
        List<FunnelMatcher.StepResult> r = m.result();
        assertEquals(1, r.get(0).reached());
        assertEquals(1, r.get(1).reached());
        assertEquals(60_000L, r.get(1).medianMillisFromPrevious(), "from the first step 1 to the first step 2 after it");
        assertNull(r.get(0).medianMillisFromPrevious());
    }

    @Test
    void anotherSessionDoesNotContinueASessionFunnel() {
        FunnelMatcher m = new FunnelMatcher(2, FunnelWindow.SESSION, NY);
        m.session(List.of(e("2026-11-02T10:00:00Z", 1, S1, "u1")));
        m.session(List.of(e("2026-11-02T10:01:00Z", 2, S2, "u1")));
        assertEquals(List.of(1L, 0L), reached(m));
        // per user on one day, the same two sessions make one journey
        FunnelMatcher day = new FunnelMatcher(2, FunnelWindow.DAY, NY);
        day.user(List.of(e("2026-11-02T10:00:00Z", 1, S1, "u1"), e("2026-11-02T10:01:00Z", 2, S2, "u1")));
        assertEquals(List.of(1L, 1L), reached(day));
        assertEquals(2, day.result().get(1).sessions() + day.result().get(0).sessions(), "each step's own session");
    }

    @Test
    void aDayIsALocalDayOfTheZone() {
        FunnelMatcher m = new FunnelMatcher(2, FunnelWindow.DAY, NY);
        // 23:30 and 00:30 New York: two local days (the UTC day is the same)
        m.user(List.of(e("2026-11-03T04:30:00Z", 1, S1, "u1"), e("2026-11-03T05:30:00Z", 2, S1, "u1")));
        // 00:30 and 23:30 New York on one local day (two UTC days)
        m.user(List.of(e("2026-11-03T05:30:00Z", 1, S2, "u2"), e("2026-11-04T04:30:00Z", 2, S2, "u2")));
        assertEquals(List.of(2L, 1L), reached(m));
        assertEquals(1, m.result().get(1).users());
    }

    @Test
    void sevenDaysAreMeasuredFromTheFirstStepToTheMicrosecond() {
        Instant start = Instant.parse("2026-11-02T10:00:00Z");
        long startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, start);
        long week = Duration.ofDays(7).toNanos() / 1000;
        FunnelMatcher m = new FunnelMatcher(2, FunnelWindow.SEVEN_DAYS, NY);
        m.user(List.of(new Event(startMicros, 1, S1, "in"), new Event(startMicros + week, 2, S2, "in")));
        m.user(List.of(new Event(startMicros, 1, S1, "out"), new Event(startMicros + week + 1, 2, S2, "out")));
        assertEquals(List.of(2L, 1L), reached(m), "exactly 7 days later counts, one microsecond more does not");
    }

    @Test
    void aLaterFirstStepCanReachFurtherInSevenDays() {
        FunnelMatcher m = new FunnelMatcher(2, FunnelWindow.SEVEN_DAYS, NY);
        m.user(List.of(e("2026-11-01T10:00:00Z", 1, S1, "u1"), e("2026-11-09T10:00:00Z", 1, S2, "u1"), e("2026-11-10T10:00:00Z", 2, S2, "u1")));
        assertEquals(List.of(1L, 1L), reached(m), "one user, counted once, reaching step 2 from the second start");
        assertEquals(86_400_000L, m.result().get(1).medianMillisFromPrevious());
    }

    @Test
    void oneEventIsOneStep() {
        // an event matching steps 1 and 2 (e.g. page:/compose* then page:/compose/new) is step 1 only: step 2 must come after it
        FunnelMatcher m = new FunnelMatcher(2, FunnelWindow.SESSION, NY);
        m.session(List.of(e("2026-11-02T10:00:00Z", 0b11, S1, null)));
        m.session(List.of(e("2026-11-02T10:00:00Z", 0b11, S2, null), e("2026-11-02T10:00:01Z", 0b11, S2, null)));
        assertEquals(List.of(2L, 1L), reached(m));
        assertEquals(0, m.result().get(0).users(), "anonymous sessions have no user");
    }

    @Test
    void medians() {
        assertNull(FunnelMatcher.medianMillis(List.of()));
        assertEquals(2L, FunnelMatcher.medianMillis(new ArrayList<>(List.of(3_000L, 1_000L, 2_000L))));
        assertEquals(3L, FunnelMatcher.medianMillis(List.of(2_000L, 4_000L)));
        assertEquals(2L, FunnelMatcher.medianMillis(List.of(1_499L, 2_000L)), "1.7495 ms rounds to 2");
    }

    @Test
    void stepSyntax() {
        assertEquals(new FunnelStep(FunnelStep.Kind.PAGE, "/compose", false), FunnelStep.parse("page:/compose"));
        assertEquals(new FunnelStep(FunnelStep.Kind.PAGE, "/messages/", true), FunnelStep.parse("page:/messages/*"));
        assertEquals(new FunnelStep(FunnelStep.Kind.CLICK, "send_email_btn", false), FunnelStep.parse("click:send_email_btn"));
        assertEquals("page:/messages/*", FunnelStep.parse("page:/messages/*").wire());
        for (String bad : new String[] { "", "view:/x", "page:compose", "page:/a*b", "click:", "page:" }) {
            BadParameterException ex = assertThrows(BadParameterException.class, () -> FunnelStep.parse(bad), bad);
            assertEquals("step", ex.field());
        }
        assertThrows(BadParameterException.class, () -> FunnelSteps.parse(List.of("page:/a")));
        assertThrows(BadParameterException.class, () -> FunnelSteps.parse(List.of("page:/a", "page:/b", "page:/c", "page:/d", "page:/e", "page:/f",
                "page:/g", "page:/h", "page:/i")));
        assertEquals(8, FunnelSteps.parse(List.of("page:/a", "page:/b", "page:/c", "page:/d", "page:/e", "page:/f", "page:/g", "click:x")).size());
        assertThrows(BadParameterException.class, () -> FunnelWindow.parse("week"));
        assertEquals(FunnelWindow.SEVEN_DAYS, FunnelWindow.parse("7d"));
    }
}
