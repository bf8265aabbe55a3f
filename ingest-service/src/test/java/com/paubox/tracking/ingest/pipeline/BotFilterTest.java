package com.paubox.tracking.ingest.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java port of isbot against real traffic: 952 browser User-Agents (npm user-agents) must pass, and
 * 2,118 crawler instances (npm crawler-user-agents) must get the same verdict isbot 5.2.3 gives in JavaScript.
 */
class BotFilterTest {

    private static final BotFilter FILTER = BotFilter.fromResource();

    static Stream<String> browsers() {
        return lines("/useragents/browsers.txt").stream();
    }

    static Stream<Arguments> crawlers() {
        return lines("/useragents/crawlers.tsv").stream().map(line -> {
            int tab = line.lastIndexOf('\t');
            return Arguments.of(line.substring(0, tab), Boolean.parseBoolean(line.substring(tab + 1)));
        });
    }

    @ParameterizedTest
    @MethodSource("browsers")
    void realBrowsersPass(String userAgent) {
        assertFalse(FILTER.isBot(userAgent));
    }

    @ParameterizedTest
    @MethodSource("crawlers")
    void crawlersGetIsbotsVerdict(String userAgent, boolean isbotSays) {
        assertEquals(isbotSays, FILTER.isBot(userAgent));
    }

    @Test
    void nearlyAllKnownCrawlersAreBots() {
        List<String> all = lines("/useragents/crawlers.tsv");
        long caught = all.stream().map(l -> l.substring(0, l.lastIndexOf('\t'))).filter(FILTER::isBot).count();
        assertTrue(all.size() > 2000);
        assertTrue(caught >= all.size() - 10, caught + " of " + all.size());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { " ", "\t" })
    void missingUserAgentIsABot(String userAgent) {
        assertTrue(FILTER.isBot(userAgent));
    }

    @ParameterizedTest
    @ValueSource(strings = { "curl/8.5.0", "Wget/1.21.4", "python-requests/2.31.0", "Go-http-client/2.0",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)",
            "PostmanRuntime/7.36.0", "Java/17.0.2", "okhttp/4.12.0", "Apache-HttpClient/4.5.14 (Java/17.0.9)",
            "UptimeRobot/2.0", "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)" })
    void wellKnownBotsAreCaught(String userAgent) {
        assertTrue(FILTER.isBot(userAgent), userAgent);
    }

    @Test
    void splittingAnchoredPatternsKeepsTheVerdictOfOneAlternation() {
        List<String> patterns = lines("/isbot/patterns.json").stream().filter(l -> l.trim().startsWith("\""))
                .map(l -> l.trim().replaceAll(",$", "")).map(l -> {
                    try {
                        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(l, String.class);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        assertEquals(206, patterns.size());
        java.util.regex.Pattern single = java.util.regex.Pattern.compile(String.join("|", patterns),
                java.util.regex.Pattern.CASE_INSENSITIVE);
        List<String> all = new ArrayList<>(lines("/useragents/browsers.txt"));
        lines("/useragents/crawlers.tsv").forEach(l -> all.add(l.substring(0, l.lastIndexOf('\t'))));
        for (String ua : all) {
            assertEquals(single.matcher(ua).find(), FILTER.matches(ua), ua);
        }
        assertTrue(BotFilter.hasTopLevelPipe("^a|b"));
        assertFalse(BotFilter.hasTopLevelPipe("^(?:a|b)"));
        assertFalse(BotFilter.hasTopLevelPipe("^a\\|b"));
        assertFalse(BotFilter.hasTopLevelPipe("^[|]"));
    }

    @Test
    void theVendoredListIsComplete() {
        assertEquals(206, FILTER.patternCount());
    }

    @Test
    void checkingIsCheap() {
        List<String> sample = lines("/useragents/browsers.txt");
        for (String ua : sample) {
            FILTER.matches(ua); // warm up
        }
        long start = System.nanoTime();
        for (int round = 0; round < 5; round++) {
            for (String ua : sample) {
                FILTER.matches(ua);
            }
        }
        long micros = (System.nanoTime() - start) / (5L * sample.size()) / 1000;
        long cachedStart = System.nanoTime();
        for (int round = 0; round < 5; round++) {
            for (String ua : sample) {
                FILTER.isBot(ua);
            }
        }
        long cachedNanos = (System.nanoTime() - cachedStart) / (5L * sample.size());
        System.out.printf("BotFilter: %d µs per uncached browser User-Agent, %d ns cached%n", micros, cachedNanos);
        assertTrue(micros < 2_000, micros + " µs per check");
    }

    static List<String> lines(String resource) {
        try (InputStream in = BotFilterTest.class.getResourceAsStream(resource)) {
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !line.startsWith("# ")) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
