package com.paubox.tracking.dashboard.repository.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import com.paubox.tracking.dashboard.repository.report.Aggregation.Distinct;
import com.paubox.tracking.dashboard.repository.report.Aggregation.Measure;

/** The figures several reports read: the totals cubes' counters and last event, and the distinct users, visitors and sessions. */
final class Figures {

    private Figures() {
    }

    static final String USER_HASH = "hashtextextended(user_sub, 0)";
    static final Distinct USERS = new Distinct("users", "users", USER_HASH, "user_sub IS NOT NULL");
    static final Distinct VISITORS = new Distinct("visitors", "visitors", "uuid_hash_extended(anon_id, 0)", "true");
    static final Distinct SESSIONS = new Distinct("sessions", "sessions", "uuid_hash_extended(session_id, 0)", "true");

    static final Measure PAGE_VIEWS = Measure.sum("page_views", "page_views", "count(*) FILTER (WHERE type = 'page_view')");
    static final Measure CLICKS = Measure.sum("clicks", "clicks", "count(*) FILTER (WHERE type = 'click')");
    static final Measure LOGIN_SUCCESSES = Measure.sum("login_successes", "login_successes", "count(*) FILTER (WHERE type = 'login_success')");
    static final Measure LOGIN_FAILURES = Measure.sum("login_failures", "login_failures", "count(*) FILTER (WHERE type = 'login_failure')");
    static final Measure VISIBLE_SUM = Measure.sum("visible_sum", "visible_sum", "sum(visible_ms) FILTER (WHERE type = 'time_on_page')");
    static final Measure VISIBLE_N = Measure.sum("visible_n", "visible_n", "count(visible_ms) FILTER (WHERE type = 'time_on_page')");
    static final Measure DURATION_SUM = Measure.sum("duration_sum", "duration_sum", "sum(duration_ms) FILTER (WHERE type = 'time_on_page')");
    static final Measure DURATION_N = Measure.sum("duration_n", "duration_n", "count(duration_ms) FILTER (WHERE type = 'time_on_page')");
    /** Every counter of the totals cubes, in this order. */
    static final List<Measure> COUNTERS = List.of(PAGE_VIEWS, CLICKS, LOGIN_SUCCESSES, LOGIN_FAILURES, VISIBLE_SUM, VISIBLE_N, DURATION_SUM,
            DURATION_N);
    static final Measure LAST_SEEN = new Measure("last_seen", "extract(epoch FROM last_seen) * 1000000",
            "max(extract(epoch FROM occurred_at) * 1000000)", true);

    /** The rounded average; null over nothing. */
    static Long avg(long sum, long n) {
        return n == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 0, RoundingMode.HALF_UP).longValue();
    }
}
