package com.paubox.tracking.ingest.pipeline;

import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import ua_parser.Client;
import ua_parser.Parser;

/**
 * Browser family, OS family and device type (desktop, mobile, tablet) of a User-Agent, via uap-java. An
 * uncached parse costs ~0.6 ms, and real traffic repeats a few hundred User-Agents, so results are cached
 * (bounded; the cache lives in memory only). The raw User-Agent is never stored or logged.
 */
public final class UserAgentEnricher {

    /** What is stored. */
    public record Agent(String browser, String os, String deviceType) {
    }

    private final Parser parser;
    private final Cache<String, Agent> cache;

    public UserAgentEnricher(long cacheSize) {
        this.parser = new Parser();
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    public Agent parse(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new Agent(null, null, null);
        }
        // Only ordinary-length User-Agents are cached, so the bounded cache also stays small in bytes.
        return userAgent.length() > 512 ? uncached(userAgent) : cache.get(userAgent, this::uncached);
    }

    private Agent uncached(String userAgent) {
        Client c = parser.parse(userAgent);
        String browser = c.userAgent == null || "Other".equals(c.userAgent.family) ? null : c.userAgent.family;
        String os = c.os == null || "Other".equals(c.os.family) ? null : c.os.family;
        return new Agent(browser, os, deviceType(userAgent, c));
    }

    /** uap-core names devices (iPhone, SM-G991B) but does not classify them; the usual UA tokens do. */
    static String deviceType(String userAgent, Client c) {
        String ua = userAgent.toLowerCase(Locale.ROOT);
        String device = c.device == null || c.device.family == null ? "" : c.device.family.toLowerCase(Locale.ROOT);
        if (device.contains("ipad") || ua.contains("ipad") || ua.contains("tablet")
                || (ua.contains("android") && !ua.contains("mobile")) || ua.contains("kindle") || ua.contains("silk/")) {
            return "tablet";
        }
        if (device.contains("iphone") || ua.contains("mobi") || ua.contains("iphone") || ua.contains("android")
                || ua.contains("windows phone")) {
            return "mobile";
        }
        return "desktop";
    }
}
