package com.paubox.tracking.ingest.pipeline;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 4: removes PII from every free-text field of an event before it can be stored. PII first
 * (e-mail, SSN, card, phone), then paths lose query string and fragment and have record ids templated.
 */
public final class Scrubber {

    /** What was replaced, for metrics. Not thread-safe: one per request. */
    public static final class Hits {
        public int emails;
        public int ssns;
        public int cards;
        public int phones;
        public int pathIds;
        public int queries;

        void add(PiiScrubber.Result r) {
            emails += r.emails();
            ssns += r.ssns();
            cards += r.cards();
            phones += r.phones();
        }
    }

    private final PiiScrubber pii;
    private final PathTemplater templater;

    public Scrubber(PiiScrubber pii, PathTemplater templater) {
        this.pii = pii;
        this.templater = templater;
    }

    /** A page or link path: scheme/host, query string and fragment removed, PII replaced, record ids templated. */
    public String path(String raw) {
        return path(raw, new Hits());
    }

    public String path(String raw, Hits hits) {
        if (raw == null) {
            return null;
        }
        String path = stripOrigin(raw);
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
            hits.queries++;
        }
        if (path.isEmpty()) {
            return "/";
        }
        PiiScrubber.Result clean = pii.scrubCounting(path);
        hits.add(clean);
        String templated = templater.template(clean.text());
        if (!templated.equals(clean.text())) {
            hits.pathIds++;
        }
        return templated;
    }

    /** A label or error code: PII replaced. */
    public String text(String raw) {
        return text(raw, new Hits());
    }

    public String text(String raw, Hits hits) {
        if (raw == null) {
            return null;
        }
        PiiScrubber.Result clean = pii.scrubCounting(raw);
        hits.add(clean);
        return clean.text();
    }

    /** Properties: every key and string value scrubbed; numbers that are card numbers replaced. */
    public Map<String, Object> properties(Map<String, Object> properties) {
        return properties(properties, new Hits());
    }

    public Map<String, Object> properties(Map<String, Object> properties, Hits hits) {
        if (properties == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            out.put(text(e.getKey(), hits), value(e.getValue(), hits));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object value(Object value, Hits hits) {
        if (value instanceof String s) {
            return text(s, hits);
        }
        if (value instanceof Map<?, ?> nested) {
            return properties((Map<String, Object>) nested, hits);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof BigInteger || value instanceof BigDecimal) {
            // A card number sent as a JSON number is still a card number.
            if (PiiScrubber.isCardNumber(value.toString())) {
                hits.cards++;
                return PiiScrubber.CARD;
            }
        }
        return value;
    }

    /** https://host/path → /path: only the path is ever stored. */
    private static String stripOrigin(String raw) {
        int scheme = raw.indexOf("://");
        if (scheme > 0 && scheme < 16 && raw.charAt(0) != '/') {
            int slash = raw.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : raw.substring(slash);
        }
        return raw;
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }
}
