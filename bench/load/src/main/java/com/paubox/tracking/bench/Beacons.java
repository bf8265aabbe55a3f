package com.paubox.tracking.bench;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic beacons as the snippet sends them (docs/events.md): one visitor per request (a browser), 1-20
 * mixed events from one session, raw paths of which about half need scrubbing or templating (record ids,
 * e-mails, SSNs, card numbers, phone numbers, query strings, fragments), a share of bot User-Agents
 * (including none at all, which counts as a bot) and client IPs from a large pool, with a few hot IPs
 * (offices behind one NAT) that exceed the per-IP rate limit. Not thread-safe: one per generating thread.
 */
final class Beacons {

    /** Real browsers (from the user-agents data set's most common entries). */
    static final String[] BROWSER_UAS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:132.0) Gecko/20100101 Firefox/132.0",
    };

    /** Crawlers isbot knows; null = no User-Agent header at all (also a bot). */
    static final String[] BOT_UAS = {
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
        "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
        null,
    };

    /**
     * Raw paths as a browser would report them; {n} = a number, {u} = a UUID, {t} = a 32-char token.
     * About half need the server to template ids or scrub PII before storing.
     */
    static final String[] RAW_PATHS = {
        "/messages/inbox", "/messages/sent", "/compose", "/settings/profile", "/settings/security", "/reports/delivery",
        "/", "/pricing", "/features/encrypted-email", "/blog/hipaa-compliant-email", "/login", "/contacts",
        "/patients/{n}/chart", "/patients/{n}/messages/{u}", "/messages/{u}", "/billing/invoices/INV-2026{n}",
        "/reset-password/{t}", "/admin/users/{n}", "/reports/{n}?from=2026-11-01&to=2026-11-29",
        "/compose?to=jane.doe@example.com", "/search?q=john+smith&dob=1970-01-01#results",
        "/contacts/jane.doe@example.com", "/settings/profile#phone=555-867-5309", "/lookup/123-45-6789",
        "/billing/cards/4111111111111111", "/patients/{n}?tab=notes",
    };

    /** What the server stores for RAW_PATHS (templated, scrubbed), for the rows written directly. */
    static final String[] STORED_PATHS = {
        "/messages/inbox", "/messages/sent", "/compose", "/settings/profile", "/settings/security", "/reports/delivery",
        "/", "/pricing", "/features/encrypted-email", "/blog/hipaa-compliant-email", "/login", "/contacts",
        "/patients/:id/chart", "/patients/:id/messages/:id", "/messages/:id", "/billing/invoices/:id",
        "/reset-password/:id", "/admin/users/:id", "/reports/:id", "/compose", "/search", "/contacts/:id",
        "/settings/profile", "/lookup/:id", "/billing/cards/:id", "/patients/:id",
    };

    static final String[] LABELS = { "nav_compose", "nav_inbox", "send_message", "attach_file", "open_message", "reply",
        "forward", "archive", "upgrade_cta", "download_report", "toggle_dark_mode", "call_555-123-4567",
        "share_with_jane.doe@example.com", "export_csv", "search_submit", "filter_unread" };
    static final String[] ELEMENTS = { "button", "a", "input", "div", "span" };
    static final String[] HREFS = { "/compose", "/messages/inbox", "/pricing", "/reports/delivery", "/patients/48213/chart" };
    static final String[] ERRORS = { "invalid_grant", "access_denied", "too_many_attempts", "mfa_required" };
    static final String[] SURFACES = { "dashboard", "dashboard", "dashboard", "marketing", "admin" };

    static final int VISITORS = 1_000_000;
    static final int CUSTOMERS = 5_000;
    static final double BOT_SHARE = 0.05;
    static final double HOT_IP_SHARE = 0.01;

    private final SplittableRandom rnd;
    private final StringBuilder sb = new StringBuilder(16 * 1024);
    private long cachedMillis = -1;
    private String cachedNow;

    /** What one generated request is. */
    record Request(String body, int events, String userAgent, String ip) {
    }

    Beacons(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** One request of {@code events} events (1 = a single event object, not a batch). */
    Request next(int events) {
        int visitor = rnd.nextInt(VISITORS);
        String ip;
        if (rnd.nextDouble() < HOT_IP_SHARE) {
            ip = "198.51.100." + (1 + rnd.nextInt(10)); // a few NAT'ed offices: over the per-IP limit
        } else {
            ip = "100." + (64 + (visitor >>> 16)) + "." + ((visitor >>> 8) & 255) + "." + (visitor & 255);
        }
        String ua = rnd.nextDouble() < BOT_SHARE ? BOT_UAS[rnd.nextInt(BOT_UAS.length)]
                : BROWSER_UAS[visitor % BROWSER_UAS.length];
        int session = rnd.nextInt(8);
        String anon = uuid(mix(visitor), mix(visitor + 0x9E3779B97F4A7C15L));
        String sessionId = uuid(mix(visitor * 31L + session), mix(visitor * 131L + session + 7));
        boolean signedIn = visitor % 10 < 6;
        String surface = SURFACES[visitor % SURFACES.length];
        boolean marketing = surface.equals("marketing");
        long customer = 1 + (visitor * 7919L) % CUSTOMERS;
        String now = now();

        sb.setLength(0);
        if (events > 1) {
            sb.append("{\"events\":[");
        }
        for (int i = 0; i < events; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"event_id\":\"").append(uuid(rnd.nextLong(), rnd.nextLong()));
            String type = type(rnd.nextInt(100));
            sb.append("\",\"type\":\"").append(type);
            sb.append("\",\"occurred_at\":\"").append(now);
            sb.append("\",\"anon_id\":\"").append(anon);
            sb.append("\",\"session_id\":\"").append(sessionId);
            sb.append("\",\"session_count\":").append(session + 1);
            if (signedIn && !marketing) {
                sb.append(",\"user_sub\":\"auth0|").append(Long.toHexString(mix(visitor) | Long.MIN_VALUE)).append('"');
                sb.append(",\"customer_id\":").append(customer);
            }
            sb.append(",\"surface\":\"").append(surface).append('"');
            boolean login = type.startsWith("login_");
            sb.append(",\"page_path\":\"");
            if (login) {
                sb.append("/login");
            } else {
                appendRawPath(RAW_PATHS[pathIndex()]);
            }
            sb.append('"');
            switch (type) {
                case "click" -> {
                    sb.append(",\"label\":\"").append(LABELS[rnd.nextInt(LABELS.length)]);
                    sb.append("\",\"element\":\"").append(ELEMENTS[rnd.nextInt(ELEMENTS.length)]).append('"');
                    if (rnd.nextBoolean()) {
                        sb.append(",\"href_path\":\"").append(HREFS[rnd.nextInt(HREFS.length)]).append('"');
                    }
                }
                case "time_on_page" -> {
                    int duration = rnd.nextInt(600_000);
                    sb.append(",\"duration_ms\":").append(duration).append(",\"visible_ms\":").append(rnd.nextInt(duration + 1));
                }
                case "login_failure" -> sb.append(",\"error_code\":\"").append(ERRORS[rnd.nextInt(ERRORS.length)]).append('"');
                case "page_view" -> {
                    if (rnd.nextInt(10) == 0) {
                        sb.append(",\"properties\":{\"plan\":\"encrypted_email\",\"referrer_kind\":\"newsletter\","
                                + "\"experiment\":{\"variant\":\"b\",\"cohort\":").append(rnd.nextInt(20)).append("},\"dark_mode\":true}");
                    }
                }
                default -> {
                }
            }
            sb.append('}');
        }
        if (events > 1) {
            sb.append("]}");
        }
        return new Request(sb.toString(), events, ua, ip);
    }

    /** Mix of types: page views 45 %, clicks 30 %, time on page 18 %, login success 5 %, failure 2 %. */
    static String type(int percent) {
        if (percent < 45) {
            return "page_view";
        }
        if (percent < 75) {
            return "click";
        }
        if (percent < 93) {
            return "time_on_page";
        }
        if (percent < 98) {
            return "login_success";
        }
        return "login_failure";
    }

    /** Skewed popularity: low indexes are visited most. */
    int pathIndex() {
        double u = rnd.nextDouble();
        return (int) (u * u * RAW_PATHS.length);
    }

    private void appendRawPath(String template) {
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 2 < template.length() && template.charAt(i + 2) == '}') {
                switch (template.charAt(i + 1)) {
                    case 'n' -> sb.append(10_000 + rnd.nextInt(900_000));
                    case 'u' -> sb.append(uuid(rnd.nextLong(), rnd.nextLong()));
                    case 't' -> sb.append(Long.toHexString(rnd.nextLong() | Long.MIN_VALUE)).append(Long.toHexString(rnd.nextLong() | Long.MIN_VALUE));
                    default -> sb.append(c);
                }
                i += 2;
            } else {
                sb.append(c);
            }
        }
    }

    private String now() {
        long millis = System.currentTimeMillis();
        if (millis != cachedMillis) {
            cachedMillis = millis;
            cachedNow = Instant.ofEpochMilli(millis).toString();
        }
        return cachedNow;
    }

    /** A version-4 UUID from two longs. */
    static String uuid(long msb, long lsb) {
        msb = (msb & ~0xF000L) | 0x4000L;
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** splitmix64 finaliser: stable pseudo-random ids per visitor. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
