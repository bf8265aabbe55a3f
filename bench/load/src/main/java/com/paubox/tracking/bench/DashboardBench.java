package com.paubox.tracking.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Phase 4: warm latency of every dashboard endpoint over the seeded 30 days, without and with filters.
 * One admin at a time (sequential requests, as a person using the dashboard); per case a few warm-up
 * requests, then up to {@code --samples} measured ones (bounded by {@code --case-seconds}). p50/p95 are
 * over the measured requests. Every answer must be 200. {@code --answer-cache off|on} only labels the results:
 * the script runs the phase once against a dashboard started with its answer cache off (every answer computed
 * by PostgreSQL) and once with it on (the first answer computed, the repeated ones from the cache).
 */
final class DashboardBench {

    private DashboardBench() {
    }

    record Case(String endpoint, String variant, String query) {
    }

    /** The variant held to p95 ≤ 300 ms instead of 150 ms. */
    static final String LONG_RANGE = "400 d, no filter";

    static List<Case> cases(LocalDate today, String customer) {
        String range = "from=" + today.minusDays(29) + "&to=" + today;
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("30 d, no filter", range);
        variants.put("30 d, customer_id", range + "&customer_id=" + customer);
        variants.put("30 d, surface + path_prefix + tz", range + "&surface=dashboard&path_prefix=/messages&tz=America/New_York");
        // issue 14's "any 400-day range" (the longest allowed): the seeded days plus a year with no events
        variants.put(LONG_RANGE, "from=" + today.minusDays(399) + "&to=" + today);
        String[][] endpoints = {
            { "overview", "/overview" },
            { "timeseries page_views/day", "/timeseries?metric=page_views&interval=day" },
            { "timeseries unique_users/hour", "/timeseries?metric=unique_users&interval=hour" },
            { "pages", "/pages" },
            { "clicks", "/clicks" },
            { "sessions", "/sessions" },
            { "logins", "/logins" },
            { "customers", "/customers" },
        };
        // every endpoint unfiltered first, then each filter: if the time budget runs out, the unfiltered
        // (heaviest) figures are the ones already measured
        List<Case> out = new ArrayList<>();
        for (Map.Entry<String, String> v : variants.entrySet()) {
            for (String[] e : endpoints) {
                String sep = e[1].contains("?") ? "&" : "?";
                out.add(new Case(e[0], v.getKey(), e[1] + sep + v.getValue()));
            }
        }
        return out;
    }

    /** Issue 27's and 28's targets (p95): /accounts over 30 and 90 days, one account's users; funnels over 30 days. */
    static final Map<String, Double> VIEW_TARGETS_MS = Map.of("accounts 30 d", 300.0, "accounts 90 d", 500.0, "account users 30 d", 150.0,
            "funnel 3 steps 30 d", 500.0, "funnel 3 steps 30 d, customer", 150.0, "funnel 8 steps 30 d", 1000.0, "retention 12 weeks", 300.0,
            "retention 12 weeks, customer", 150.0);

    /** Three and eight steps over the seed's pages (a path, a prefix) and labels. */
    static final String FUNNEL_3 = "step=page:/messages/inbox&step=click:btn_1&step=page:/messages/sent";
    static final String FUNNEL_8 = FUNNEL_3 + "&step=page:/patients/*&step=click:btn_2&step=page:/billing/invoices&step=click:btn_3&step=page:/reports/*";

    /**
     * The account-health and funnel cases (`--cases accounts`): every sort of the 30-day list, the 90-day list, one
     * customer's users; a 3-step funnel unfiltered, per customer, per user over 7 days, and an 8-step one.
     */
    static List<Case> accountCases(LocalDate today, String customer) {
        String month = "from=" + today.minusDays(29) + "&to=" + today;
        String quarter = "from=" + today.minusDays(89) + "&to=" + today;
        List<Case> out = new ArrayList<>();
        for (String sort : List.of("change", "active_users", "page_views", "last_seen", "adoption")) {
            out.add(new Case("accounts 30 d", "sort=" + sort, "/accounts?" + month + "&sort=" + sort));
        }
        out.add(new Case("accounts 30 d", "status=declining, tz", "/accounts?" + month + "&status=declining&tz=America/New_York"));
        out.add(new Case("accounts 90 d", "sort=change", "/accounts?" + quarter));
        out.add(new Case("account users 30 d", "customer " + customer, "/accounts/" + customer + "/users?" + month));
        out.add(new Case("account users 30 d", "customer " + customer + ", tz", "/accounts/" + customer + "/users?" + month + "&tz=America/New_York"));
        out.add(new Case("funnel 3 steps 30 d", "within session", "/funnel?" + month + "&" + FUNNEL_3));
        out.add(new Case("funnel 3 steps 30 d, per user", "within 7d, tz", "/funnel?" + month + "&" + FUNNEL_3 + "&within=7d&tz=America/New_York"));
        out.add(new Case("funnel 3 steps 30 d, customer", "customer " + customer, "/funnel?" + month + "&" + FUNNEL_3 + "&customer_id=" + customer));
        out.add(new Case("funnel 8 steps 30 d", "within session", "/funnel?" + month + "&" + FUNNEL_8));
        String weeks = "from=" + today.minusWeeks(11).with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)) + "&to=" + today;
        out.add(new Case("retention 12 weeks", "users", "/retention?" + weeks));
        out.add(new Case("retention 12 weeks, customer", "customer " + customer, "/retention?" + weeks + "&customer_id=" + customer));
        return out;
    }

    static void run(Args args) throws Exception {
        String base = args.required("url");
        String tokenUrl = args.required("token-url");
        String out = args.required("out");
        int warmup = args.integer("warmup", 2);
        int samples = args.integer("samples", 15);
        double caseSeconds = args.decimal("case-seconds", 8);
        String customer = args.str("customer", "1");
        String answerCache = args.str("answer-cache", "off");
        boolean accounts = args.str("cases", "dashboard").equals("accounts");
        List<Long> pids = new ArrayList<>();
        for (String p : args.list("pids")) {
            pids.add(Long.parseLong(p));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = get(http, tokenUrl, null).body().trim();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        double budgetSeconds = args.decimal("budget-seconds", 300);
        double slowMs = args.decimal("slow-ms", 2000);
        long statementTimeoutMs = args.longValue("statement-timeout-ms", 0);
        long phaseDeadline = System.nanoTime() + (long) (budgetSeconds * 1e9);
        try (Procs.RssSampler rss = new Procs.RssSampler(pids)) {
            for (Case c : accounts ? accountCases(today, customer) : cases(today, customer)) {
                String url = base + "/api/admin/analytics" + c.query();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("phase", accounts ? "views" : "dashboard");
                r.put("endpoint", c.endpoint());
                r.put("variant", c.variant());
                r.put("answer_cache", answerCache);
                r.put("query", c.query());
                if (System.nanoTime() > phaseDeadline) {
                    r.put("status", "not measured: the phase's time budget (" + (long) budgetSeconds + " s) ran out");
                    Results.append(out, r);
                    continue;
                }
                Histogram h = new Histogram(600_000_000L, 3);
                long first = -1;
                String status = "200";
                long bytes = 0;
                // warm-up (the first answer is reported as first_ms); a slow case gets one measured request only
                int measured = samples;
                for (int i = 0; i < warmup && status.equals("200"); i++) {
                    long t = System.nanoTime();
                    status = call(http, url, token);
                    long micros = (System.nanoTime() - t) / 1000;
                    if (first < 0) {
                        first = micros;
                    }
                    if (micros > slowMs * 1000) {
                        // a slow case is already far from the target: its first answer is its only sample (the
                        // data is in the page cache; a second identical scan would take as long)
                        h.recordValue(micros);
                        bytes = lastBody.length();
                        measured = 0;
                        break;
                    }
                }
                long deadline = System.nanoTime() + (long) (caseSeconds * 1e9);
                for (int i = 0; i < measured && status.equals("200"); i++) {
                    long t = System.nanoTime();
                    status = call(http, url, token);
                    h.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
                    bytes = lastBody.length();
                    if (i >= 2 && System.nanoTime() > deadline) {
                        break;
                    }
                }
                if (!status.equals("200") && statementTimeoutMs > 0 && h.getMaxValue() >= statementTimeoutMs * 1000L * 0.98) {
                    status = status + " (query cancelled by statement_timeout " + statementTimeoutMs / 1000 + " s)";
                }
                r.put("status", status);
                r.put("samples", h.getTotalCount());
                r.put("first_ms", DbLimit.round(first / 1000.0, 1));
                r.put("p50_ms", DbLimit.round(h.getValueAtPercentile(50) / 1000.0, 1));
                r.put("p95_ms", DbLimit.round(h.getValueAtPercentile(95) / 1000.0, 1));
                r.put("max_ms", DbLimit.round(h.getMaxValue() / 1000.0, 1));
                r.put("response_chars", bytes);
                Results.append(out, r);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("phase", "memory");
            m.put("service", "dashboard");
            m.put("during", "dashboard latency run (answer cache " + answerCache + ")");
            m.put("rss_mb", pids.isEmpty() ? -1 : rss.peakMb(0));
            Results.append(out, m);
        }
    }

    private static String lastBody = "";
    static final int REQUEST_TIMEOUT_S = 120;

    /** The status as text ("200", "401", "timeout", ...); the body is kept in lastBody. */
    private static String call(HttpClient http, String url, String token) {
        try {
            HttpResponse<String> resp = get(http, url, token);
            lastBody = resp.body();
            if (resp.statusCode() != 200) {
                System.err.println(url + " -> " + resp.statusCode() + " " + resp.body());
            }
            return Integer.toString(resp.statusCode());
        } catch (java.net.http.HttpTimeoutException e) {
            return "timeout (" + REQUEST_TIMEOUT_S + " s)";
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(REQUEST_TIMEOUT_S)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
