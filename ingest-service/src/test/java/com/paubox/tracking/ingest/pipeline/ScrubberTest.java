package com.paubox.tracking.ingest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The scrubber against tables of realistic PHI and of look-alikes that must survive. */
class ScrubberTest {

    private static final Scrubber SCRUBBER = new Scrubber(new PiiScrubber(), PathTemplater.defaults());

    static Stream<Arguments> piiTable() {
        return table("/scrub/pii-cases.txt");
    }

    static Stream<Arguments> pathTable() {
        return table("/scrub/path-cases.txt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("piiTable")
    void textIsScrubbed(String input, String expected) {
        assertEquals(expected, SCRUBBER.text(input));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathTable")
    void pathIsScrubbedAndTemplated(String input, String expected) {
        assertEquals(expected, SCRUBBER.path(input));
    }

    /** Generated positives: every format of valid cards, SSNs and phones, inside realistic labels. */
    static Stream<Arguments> generatedPositives() {
        Random random = new Random(42);
        List<Arguments> cases = new ArrayList<>();
        String[] contexts = { "%s", "Card: %s", "paid %s today", "(%s)", "/pay/%s/confirm" };
        for (int i = 0; i < 60; i++) {
            String card = luhnNumber(random, 13 + random.nextInt(7));
            String formatted = switch (i % 3) {
                case 0 -> card;
                case 1 -> group(card, ' ');
                default -> group(card, '-');
            };
            String context = contexts[i % contexts.length];
            cases.add(Arguments.of(context.formatted(formatted), context.formatted(PiiScrubber.CARD)));
        }
        for (int i = 0; i < 40; i++) {
            String ssn = "%03d-%02d-%04d".formatted(1 + random.nextInt(664), 1 + random.nextInt(98), 1 + random.nextInt(9998));
            String context = contexts[i % contexts.length];
            cases.add(Arguments.of(context.formatted(ssn), context.formatted(PiiScrubber.SSN)));
        }
        String[] phoneFormats = { "(%s) %s-%s", "%s-%s-%s", "%s.%s.%s", "%s %s %s", "+1 %s %s %s", "+1-%s-%s-%s", "1-%s-%s-%s" };
        for (int i = 0; i < 42; i++) {
            String area = String.valueOf(2 + random.nextInt(8)) + random.nextInt(10) + random.nextInt(10);
            String exchange = String.valueOf(2 + random.nextInt(8)) + random.nextInt(10) + random.nextInt(10);
            String line = "%04d".formatted(random.nextInt(10000));
            String phone = phoneFormats[i % phoneFormats.length].formatted(area, exchange, line);
            String context = contexts[i % (contexts.length - 1)];
            cases.add(Arguments.of(context.formatted(phone), context.formatted(PiiScrubber.PHONE)));
        }
        String[] locals = { "jane", "jane.doe", "j.doe+mychart", "JOHN_SMITH", "pat-42", "first.m.last" };
        String[] domains = { "example.com", "mail.hospital.org", "clinic.co.uk", "gmail.com", "paubox.io", "health.example.museum" };
        for (int i = 0; i < 36; i++) {
            String email = locals[i % locals.length] + "@" + domains[(i / locals.length) % domains.length];
            String context = contexts[i % contexts.length];
            cases.add(Arguments.of(context.formatted(email), context.formatted(PiiScrubber.EMAIL)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generatedPositives")
    void generatedPiiIsScrubbed(String input, String expected) {
        assertEquals(expected, SCRUBBER.text(input));
    }

    /** Generated negatives: numbers that look like PII but are not (Luhn fails, invalid SSN/phone ranges). */
    static Stream<Arguments> generatedNegatives() {
        Random random = new Random(7);
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String card = luhnNumber(random, 13 + random.nextInt(7));
            // Change the check digit: no longer a card.
            char last = card.charAt(card.length() - 1);
            String broken = card.substring(0, card.length() - 1) + (char) ('0' + (last - '0' + 1 + random.nextInt(8)) % 10);
            cases.add(Arguments.of("order " + (i % 2 == 0 ? broken : group(broken, '-'))));
        }
        for (int i = 0; i < 30; i++) {
            cases.add(Arguments.of("release %d.%d.%d".formatted(random.nextInt(20), random.nextInt(50), random.nextInt(200))));
            cases.add(Arguments.of("on %04d-%02d-%02d".formatted(1990 + random.nextInt(40), 1 + random.nextInt(12), 1 + random.nextInt(28))));
            cases.add(Arguments.of("host %d.%d.%d.%d".formatted(random.nextInt(256), random.nextInt(256), random.nextInt(256), random.nextInt(256))));
            cases.add(Arguments.of("area %d%02d-%03d-%04d".formatted(random.nextInt(2), random.nextInt(100), random.nextInt(1000), random.nextInt(10000))));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generatedNegatives")
    void lookAlikesSurvive(String input) {
        assertEquals(input, SCRUBBER.text(input));
    }

    @Test
    void propertiesKeysValuesAndNestedObjectsAreScrubbed() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("phone", "(415) 555-2671");
        nested.put("count", 3);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("jane@example.com", true);
        props.put("note", "ssn 123-45-6789");
        props.put("card", 4111111111111111L);
        props.put("order", 1234567890123456L);
        props.put("ratio", 0.5);
        props.put("none", null);
        props.put("nested", nested);
        Map<String, Object> out = SCRUBBER.properties(props);
        assertEquals(Map.of("phone", "[phone]", "count", 3), out.get("nested"));
        assertEquals(true, out.get("[email]"));
        assertFalse(out.containsKey("jane@example.com"));
        assertEquals("ssn [ssn]", out.get("note"));
        assertEquals("[card]", out.get("card"));
        assertEquals(1234567890123456L, out.get("order"));
        assertEquals(0.5, out.get("ratio"));
        assertTrue(out.containsKey("none"));
    }

    @Test
    void templatingRulesAreConfigurable() {
        PathTemplater custom = new PathTemplater("{id}", 4, 8, 16, List.of("(?i)pt-[a-z]{3}"), java.util.Set.of("a8f3k2m9x7q1z5w4"));
        assertEquals("/reports/{id}/11/pt-{id}", custom.template("/reports/2026/11/pt-{id}"));
        assertEquals("/patients/{id}/page/2", custom.template("/patients/48213/page/2"));
        assertEquals("/charts/{id}", custom.template("/charts/PT-abc"));
        assertEquals("/share/a8f3k2m9x7q1z5w4", custom.template("/share/a8f3k2m9x7q1z5w4"));
        assertEquals("/orders/ORD_1234567", custom.template("/orders/ORD_1234567"));
    }

    @Test
    void hostileInputStaysFast() {
        // Inputs built to make a backtracking regex explode; the scrubber must stay linear.
        List<String> hostile = List.of(
                "a".repeat(4000) + "@",
                "@".repeat(4000),
                "a@".repeat(2000),
                "%40".repeat(1300),
                "a%40".repeat(1000),
                "1".repeat(4000),
                "1 ".repeat(2000),
                "1-".repeat(2000),
                "4111 ".repeat(800),
                "(555) ".repeat(650),
                "/" + "a1".repeat(500),
                "/" + "1/".repeat(500),
                "x.".repeat(2000) + "@" + "y.".repeat(1000));
        for (String input : hostile) {
            for (int i = 0; i < 20; i++) {
                SCRUBBER.text(input); // warm up: the bound is about complexity, not the JIT
            }
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                SCRUBBER.text(input);
                SCRUBBER.path(input.startsWith("/") ? input : "/" + input.substring(0, Math.min(1000, input.length())));
            }
            long perCallMicros = (System.nanoTime() - start) / 40 / 1000;
            assertTrue(perCallMicros < 20_000, "too slow (" + perCallMicros + " µs) on " + input.substring(0, 12));
        }
    }

    // ---- helpers ----

    private static Stream<Arguments> table(String resource) {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = ScrubberTest.class.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int arrow = line.lastIndexOf(" => ");
                String input = line.substring(0, arrow);
                String expected = line.substring(arrow + 4).trim();
                cases.add(Arguments.of(input, expected.equals("=") ? input : expected));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return cases.stream();
    }

    static String luhnNumber(Random random, int length) {
        StringBuilder digits = new StringBuilder();
        digits.append(3 + random.nextInt(4));
        while (digits.length() < length - 1) {
            digits.append(random.nextInt(10));
        }
        for (int check = 0; check < 10; check++) {
            if (PiiScrubber.luhn(digits.toString() + check)) {
                return digits.toString() + check;
            }
        }
        throw new IllegalStateException();
    }

    private static String group(String digits, char separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                out.append(separator);
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }
}
