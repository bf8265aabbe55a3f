package com.paubox.tracking.dashboard;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.paubox.tracking.model.AnalyticsEvent;
import com.paubox.tracking.model.ContractFixtures;
import com.paubox.tracking.model.EventJson;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Seeds analytics_events with variations of the contract's example events (shared-model/contract/valid):
 * every fixture is parsed with the contract's reader, then copied with new ids, times, users, customers,
 * surfaces and paths, and enriched the way the ingest service enriches login events (geo, browser).
 */
final class Seeder {

    static final String[] USERS = { "auth0|u1", "auth0|u2", "auth0|u3", "auth0|u4", "google-oauth2|u5", null, null };
    static final Long[] CUSTOMERS = { 48213L, 48213L, 777L, 12L, null };
    static final String[] SURFACES = { "dashboard", "dashboard", "marketing" };
    static final String[] PATHS = { "/messages/inbox", "/messages/sent", "/settings/users", "/pricing", "/a_b%/weird", "/axb/other" };
    static final String[] LABELS = { "nav_compose", "send, now", "say \"hi\"", "logout" };
    static final String[] CODES = { "invalid_grant", "access_denied", "mfa_required" };
    static final String[][] GEO = { { "Milton", "WA", "US" }, { "London", "ENG", "GB" }, { "Linköping", "E", "SE" }, { null, null, null } };
    static final String[][] AGENT = { { "Chrome", "Windows", "desktop" }, { "Safari", "iOS", "mobile" }, { "Firefox", "Linux", "desktop" } };

    private Seeder() {
    }

    static List<AnalyticsEvent> fixtures() {
        List<AnalyticsEvent> events = new ArrayList<>();
        for (String name : List.of("page_view.json", "time_on_page.json", "click.json", "login_success.json", "login_failure.json")) {
            try {
                events.add(EventJson.mapper().readValue(ContractFixtures.valid(name), AnalyticsEvent.class));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return events;
    }

    /** count events spread over [firstDay, lastDay] (UTC), deterministic for a seed. */
    static List<SeededEvent> generate(long seed, int count, LocalDate firstDay, LocalDate lastDay) {
        Random random = new Random(seed);
        List<AnalyticsEvent> templates = fixtures();
        int days = (int) (lastDay.toEpochDay() - firstDay.toEpochDay()) + 1;
        // a few browsers, each with a few sessions, so that distinct counts are meaningful
        List<UUID> anons = new ArrayList<>();
        List<UUID> sessions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            anons.add(new UUID(random.nextLong(), random.nextLong()));
        }
        for (int i = 0; i < 40; i++) {
            sessions.add(new UUID(random.nextLong(), random.nextLong()));
        }
        List<SeededEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AnalyticsEvent t = templates.get(random.nextInt(templates.size()));
            String type = t.type().toString();
            type = switch (t.type().name()) {
                case "PAGE_VIEW" -> "page_view";
                case "TIME_ON_PAGE" -> "time_on_page";
                case "CLICK" -> "click";
                case "LOGIN_SUCCESS" -> "login_success";
                case "LOGIN_FAILURE" -> "login_failure";
                default -> throw new IllegalStateException(type);
            };
            OffsetDateTime at = firstDay.plusDays(random.nextInt(days)).atStartOfDay().atOffset(ZoneOffset.UTC)
                    .plusSeconds(random.nextInt(86_400)).plusNanos(random.nextInt(1000) * 1_000_000L);
            int sessionIndex = random.nextInt(sessions.size());
            String user = USERS[sessionIndex % USERS.length];
            boolean login = type.startsWith("login");
            String[] geo = login ? GEO[random.nextInt(GEO.length)] : new String[3];
            String[] agent = login ? AGENT[random.nextInt(AGENT.length)] : new String[3];
            String path = login ? "/login" : PATHS[random.nextInt(PATHS.length)];
            Integer duration = t.durationMs() == null ? null : 1000 + random.nextInt(100_000);
            Integer visible = duration == null ? null : random.nextInt(duration + 1);
            out.add(new SeededEvent(UUID.randomUUID(), at, type, anons.get(sessionIndex % anons.size()), sessions.get(sessionIndex),
                    1 + sessionIndex / 3, type.equals("login_failure") ? null : user, CUSTOMERS[random.nextInt(CUSTOMERS.length)],
                    SURFACES[random.nextInt(SURFACES.length)], path, duration, visible,
                    t.label() == null ? null : LABELS[random.nextInt(LABELS.length)],
                    // two element tags, chosen without another random draw so the rest of the seed stays the same
                    t.element() == null ? null : at.getSecond() % 3 == 0 ? "button" : t.element(), t.hrefPath(),
                    t.errorCode() == null ? null : CODES[random.nextInt(CODES.length)], geo[0], geo[1], geo[2], agent[0], agent[1],
                    agent[2]));
        }
        return out;
    }

    /** Stores the events as received now (a late arrival for events in the past). */
    static void insert(Pool pool, List<SeededEvent> events) {
        insert(pool, events, false);
    }

    /** {@code onTime}: each event received one second after it occurred, as live traffic is (otherwise: now). */
    static void insert(Pool pool, List<SeededEvent> events, boolean onTime) {
        insert(pool, events, e -> onTime ? e.occurredAt().plusSeconds(1) : null);
    }

    /** Stores the events with the given receive times (null: the database's now). */
    static void insert(Pool pool, List<SeededEvent> events, java.util.function.Function<SeededEvent, java.time.OffsetDateTime> receivedAt) {
        List<Tuple> rows = new ArrayList<>();
        for (SeededEvent e : events) {
            rows.add(Tuple.from(java.util.Arrays.asList(e.eventId(), e.occurredAt(), e.type(), e.anonId(), e.sessionId(), e.sessionCount(),
                    e.userSub(), e.customerId(), e.surface(), e.pagePath(), e.durationMs(), e.visibleMs(), e.label(), e.element(),
                    e.hrefPath(), e.errorCode(), e.geoCity(), e.geoRegion(), e.geoCountry(), e.browser(), e.os(), e.deviceType(),
                    receivedAt.apply(e))));
        }
        pool.preparedQuery("INSERT INTO analytics_events (event_id, occurred_at, type, anon_id, session_id, session_count, user_sub,"
                + " customer_id, surface, page_path, duration_ms, visible_ms, label, element, href_path, error_code, geo_city, geo_region,"
                + " geo_country, browser, os, device_type, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
                + " $17, $18, $19, $20, $21, $22, coalesce($23, now()))").executeBatch(rows).await().indefinitely();
    }
}
