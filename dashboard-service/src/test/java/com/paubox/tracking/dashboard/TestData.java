package com.paubox.tracking.dashboard;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The shared seeded data set: 1,500 events over the 45 days before today (UTC), inserted once per database. */
final class TestData {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static final LocalDate FIRST_DAY = TODAY.minusDays(45);
    static final LocalDate LAST_DAY = TODAY.minusDays(1);
    static final List<SeededEvent> EVENTS = Seeder.generate(42, 1500, FIRST_DAY, LAST_DAY);

    private TestData() {
    }

    static synchronized List<SeededEvent> ensureSeeded(Pool pool) {
        long present = pool.preparedQuery("SELECT count(*) AS n FROM analytics_events WHERE event_id = $1")
                .execute(Tuple.of(EVENTS.get(0).eventId())).await().indefinitely().iterator().next().getLong("n");
        if (present == 0) {
            Seeder.insert(pool, EVENTS, true);
        }
        return EVENTS;
    }
}
