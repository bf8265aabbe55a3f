package com.paubox.tracking.dashboard.privacy;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Small groups kept from view (issue 29, docs/dashboard.md "Small groups"): a breakdown row counting fewer distinct
 * signed-in users than {@code ANALYTICS_MIN_GROUP_USERS} is not shown on its own — a city, a browser or an error code
 * plus a customer filter can name a person. Such rows are folded into one row {@value #OTHER} carrying their sums, so
 * every total stays what it was. Created at start so that a bad setting stops the service there, not on a request.
 */
@Startup
@ApplicationScoped
public class SmallGroups {

    /** The key of the folded row (marked {@code suppressed}: a real value "other" is never suppressed). */
    public static final String OTHER = "other";

    /** A breakdown row before folding; {@code users}: its distinct signed-in users (at least the threshold may be all it says). */
    public record Group(String key, long successes, long failures, long users) {
    }

    /** A row as shown: kept ({@code suppressed} false) or the folded {@value #OTHER} row. */
    public record Shown(String key, long successes, long failures, boolean suppressed) {
    }

    private final int minUsers;

    public SmallGroups(@ConfigProperty(name = "analytics.min-group-users") int minUsers) {
        if (minUsers < 0) {
            throw new IllegalArgumentException("analytics.min-group-users (ANALYTICS_MIN_GROUP_USERS) must be 0 (off) or more, was " + minUsers);
        }
        this.minUsers = minUsers;
    }

    /** The threshold; 0: nothing is folded. */
    public int minUsers() {
        return minUsers;
    }

    /**
     * The rows in their order, those with fewer than {@code minUsers} users removed and, if any was, one {@value #OTHER}
     * row with their summed successes and failures appended last.
     */
    public static List<Shown> fold(List<Group> rows, int minUsers) {
        List<Shown> out = new ArrayList<>(rows.size() + 1);
        long successes = 0;
        long failures = 0;
        boolean folded = false;
        for (Group g : rows) {
            if (g.users() < minUsers) {
                successes += g.successes();
                failures += g.failures();
                folded = true;
            } else {
                out.add(new Shown(g.key(), g.successes(), g.failures(), false));
            }
        }
        if (folded) {
            out.add(new Shown(OTHER, successes, failures, true));
        }
        return out;
    }
}
