package com.paubox.tracking.dashboard.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Login outcomes; failure_rate = failures / (successes + failures), null without logins. In every breakdown the rows
 * of fewer than {@code minGroupUsers} distinct signed-in users are folded into one row {@code "other"} with
 * {@code suppressed} true (last; their sums); totals are over every login.
 */
public record LoginsReport(long successes, long failures, Double failureRate,
        @Schema(description = "ANALYTICS_MIN_GROUP_USERS: breakdown rows of fewer distinct signed-in users than this are folded into the "
                + "row `other` (`suppressed`: true); 0 = none is folded") int minGroupUsers,
        List<CodeCount> failuresByCode, List<Breakdown> byCountry, List<Breakdown> byRegion, List<Breakdown> byCity, List<Breakdown> byBrowser,
        List<Breakdown> byOs, List<Breakdown> byDevice, Map<String, Estimate> estimates) implements CsvTable {

    public record CodeCount(String errorCode, long failures,
            @Schema(description = "true only on the row `other`: the codes of fewer distinct users than min_group_users, summed") boolean suppressed) {
    }

    /** key is null for logins whose value is unknown. */
    public record Breakdown(@Schema(nullable = true, description = "the value; null = unknown; `other` with suppressed true = the folded rows")
            String key, long successes, long failures,
            @Schema(description = "true only on the row `other`: the values of fewer distinct users than min_group_users, summed") boolean suppressed) {
    }

    /** The breakdowns' names in the CSV's first column, in its order (error codes first). */
    public static final List<String> CSV_BREAKDOWNS = List.of("error_code", "country", "region", "city", "browser", "os", "device");

    @Override
    public List<String> csvHeader() {
        return List.of("breakdown", "key", "successes", "failures", "suppressed");
    }

    /** Every breakdown's rows, one after the other; error codes have no successes (empty). */
    @Override
    public List<List<Object>> csvRows() {
        List<List<Object>> out = new ArrayList<>();
        failuresByCode.forEach(c -> out.add(Arrays.asList(CSV_BREAKDOWNS.get(0), c.errorCode(), null, c.failures(), c.suppressed())));
        List<List<Breakdown>> lists = List.of(byCountry, byRegion, byCity, byBrowser, byOs, byDevice);
        for (int i = 0; i < lists.size(); i++) {
            String name = CSV_BREAKDOWNS.get(i + 1);
            lists.get(i).forEach(b -> out.add(Arrays.asList(name, b.key(), b.successes(), b.failures(), b.suppressed())));
        }
        return out;
    }
}
