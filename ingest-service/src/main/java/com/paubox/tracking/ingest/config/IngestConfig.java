package com.paubox.tracking.ingest.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of the ingest pipeline; application.properties maps the ANALYTICS_* variables onto them. */
@ConfigMapping(prefix = "analytics")
public interface IngestConfig {

    /** Origins allowed to post beacons (the CORS filter reads the same variable). */
    @WithName("allowed-origins")
    Optional<List<String>> allowedOrigins();

    /** Events per minute per client IP. */
    @WithName("rate-limit-per-minute")
    @WithDefault("60")
    int rateLimitPerMinute();

    /** Bound on the number of client IPs tracked at once, so IP spraying cannot exhaust memory. */
    @WithName("rate-limit-max-clients")
    @WithDefault("100000")
    long rateLimitMaxClients();

    /** MaxMind GeoIP2/GeoLite2 City or @ip-location-db city .mmdb file; unset or missing: no geo enrichment. */
    @WithName("geoip-database")
    Optional<String> geoipDatabase();

    @WithName("geo-precision")
    @WithDefault("city")
    GeoPrecision geoPrecision();

    Paths paths();

    Writer writer();

    Identity identity();

    /** Signed identity assertions (docs/ingest.md): which keys vouch for a beacon's user_sub and customer_id. */
    interface Identity {
        /** off, verify (the production default) or require; %dev and %test default to off. */
        @WithDefault("verify")
        IdentityMode mode();

        /**
         * The host application's public keys: a JWKS document's file path or http(s) URL. Unset in verify or require:
         * no assertion is valid, so every claimed identity is rejected (a warning at startup says so).
         */
        Optional<String> keys();

        /** How often the key set is read again, so keys rotate without a restart. */
        @WithName("reload-interval")
        @WithDefault("60s")
        Duration reloadInterval();

        /** Clock difference tolerated between the host application and this service for iat and exp. */
        @WithName("clock-skew")
        @WithDefault("60s")
        Duration clockSkew();
    }

    /** Path templating: which path segments count as record ids. */
    interface Paths {
        /** What a record-id segment becomes. */
        @WithDefault(":id")
        String placeholder();

        /** A segment of only digits with at least this many digits is an id. */
        @WithName("numeric-min-digits")
        @WithDefault("1")
        int numericMinDigits();

        /** A segment holding a run of at least this many digits anywhere (INV-20261129) is an id. */
        @WithName("digit-run-min")
        @WithDefault("6")
        int digitRunMin();

        /** A segment this long or longer that mixes letters and digits like a token is an id. */
        @WithName("token-min-length")
        @WithDefault("16")
        int tokenMinLength();

        /** Extra regular expressions; a segment matching one entirely is an id. */
        @WithName("id-patterns")
        Optional<List<String>> idPatterns();

        /** Segments never templated, e.g. a product name that looks like a token. */
        @WithName("keep-segments")
        Optional<List<String>> keepSegments();
    }

    /** The batch writer. */
    interface Writer {
        /** Events waiting for the database at most; beyond it requests are answered 503. */
        @WithName("queue-capacity")
        @WithDefault("10000")
        int queueCapacity();

        /** Events per INSERT at most; a full batch is written at once. */
        @WithName("batch-size")
        @WithDefault("500")
        int batchSize();

        /**
         * How long a partial batch lingers for company; zero (the default): written at once when an INSERT slot
         * is free, so batches form only while the database is busy.
         */
        @WithName("flush-interval")
        @WithDefault("PT0S")
        Duration flushInterval();

        /** Batches written at the same time at most. */
        @WithName("max-in-flight")
        @WithDefault("2")
        int maxInFlight();

        /**
         * A request waits this long for its commit before it is answered 503 (and a batch's INSERT this long before
         * it counts as failed). Below the 2 s within which every request is answered during a database outage.
         */
        @WithName("commit-timeout")
        @WithDefault("PT1.5S")
        Duration commitTimeout();

        /** Circuit breaker: it opens when at least half of the last this many batches failed. */
        @WithName("breaker-window")
        @WithDefault("4")
        int breakerWindow();

        /** Circuit breaker: how long it stays open (every request answered 503 at once) before one probe batch. */
        @WithName("breaker-delay")
        @WithDefault("PT1S")
        Duration breakerDelay();

        /** Retry-After (seconds) on a 503. */
        @WithName("retry-after-seconds")
        @WithDefault("5")
        int retryAfterSeconds();

        /** How long shutdown waits for the queue to drain. */
        @WithName("drain-timeout")
        @WithDefault("PT20S")
        Duration drainTimeout();
    }
}
