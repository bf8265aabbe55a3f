package com.paubox.tracking.ingest.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import org.hibernate.validator.HibernateValidatorFactory;
import org.jboss.logging.Logger;

import com.paubox.tracking.ingest.pipeline.BotFilter;
import com.paubox.tracking.ingest.pipeline.ClientRateLimiter;
import com.paubox.tracking.ingest.pipeline.GeoEnricher;
import com.paubox.tracking.ingest.pipeline.IdentityKeys;
import com.paubox.tracking.ingest.pipeline.IdentityVerifier;
import com.paubox.tracking.ingest.pipeline.IngestMetrics;
import com.paubox.tracking.ingest.pipeline.IngestPipeline;
import com.paubox.tracking.ingest.pipeline.PathTemplater;
import com.paubox.tracking.ingest.pipeline.PiiScrubber;
import com.paubox.tracking.ingest.pipeline.Scrubber;
import com.paubox.tracking.ingest.pipeline.UserAgentEnricher;
import com.paubox.tracking.ingest.repository.EventWriter;
import com.paubox.tracking.model.EventRequestReader;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

/**
 * Builds the pipeline's stages from configuration, once at startup: pattern lists compiled, the GeoIP file
 * mapped and the User-Agent parser built before the first request.
 */
@ApplicationScoped
public class PipelineProducer {

    private static final Logger LOG = Logger.getLogger(PipelineProducer.class);

    @Produces
    @ApplicationScoped
    @Startup
    EventWriter writer(Pool pool, Vertx vertx, IngestConfig config, MeterRegistry registry) {
        return new EventWriter(pool, vertx, config.writer(), registry);
    }

    @Produces
    @ApplicationScoped
    GeoEnricher geo(IngestConfig config) {
        return GeoEnricher.open(config.geoipDatabase(), config.geoPrecision());
    }

    void closeGeo(@Disposes GeoEnricher geo) throws java.io.IOException {
        geo.close();
    }

    /**
     * The identity keys, read once here (startup, not the event loop); IdentityKeysRefresher reads them again
     * periodically, and a verifier meeting an unknown kid asks for a reload on a Vert.x worker thread.
     */
    @Produces
    @ApplicationScoped
    IdentityKeys identityKeys(IngestConfig config, Vertx vertx, MeterRegistry registry) {
        IngestConfig.Identity identity = config.identity();
        IdentityKeys keys = new IdentityKeys(identity.keys(), task -> vertx.executeBlocking(() -> {
            task.run();
            return null;
        }, false), Duration.ofSeconds(15));
        if (identity.mode() != IdentityMode.OFF) {
            keys.reload();
            if (!keys.configured()) {
                LOG.warnf("identity mode %s without ANALYTICS_IDENTITY_KEYS: no assertion can be valid, every claimed identity is %s",
                        identity.mode(), identity.mode() == IdentityMode.REQUIRE ? "dropped" : "stored anonymous");
            } else if (keys.size() == 0) {
                LOG.warnf("identity mode %s: no usable key (EC P-256 with a kid) loaded yet from %s", identity.mode(), identity.keys().get());
            }
        }
        Gauge.builder("analytics.identity.keys", keys, IdentityKeys::size)
                .description("Identity assertion keys loaded (ANALYTICS_IDENTITY_KEYS)").register(registry);
        return keys;
    }

    @Produces
    @ApplicationScoped
    @Startup
    IngestPipeline pipeline(ValidatorFactory validators, IngestConfig config, GeoEnricher geo, EventWriter writer,
            IngestMetrics metrics, IdentityKeys identityKeys) {
        IngestConfig.Paths paths = config.paths();
        PathTemplater templater = new PathTemplater(paths.placeholder(), paths.numericMinDigits(), paths.digitRunMin(),
                paths.tokenMinLength(), paths.idPatterns().orElse(List.of()),
                new HashSet<>(paths.keepSegments().orElse(List.of())));
        BotFilter bots = BotFilter.fromResource();
        IngestConfig.Identity identity = config.identity();
        LOG.infof("ingest pipeline ready: %d bot patterns, %d events/min per client, geo %s, identity %s (%d keys)",
                bots.patternCount(), config.rateLimitPerMinute(), geo.enabled() ? config.geoPrecision() : "off",
                identity.mode(), identityKeys.size());
        return new IngestPipeline(new EventRequestReader(contractValidator(validators)), bots,
                new ClientRateLimiter(config.rateLimitPerMinute(), config.rateLimitMaxClients()),
                new IdentityVerifier(identity.mode(), identityKeys, identity.clockSkew()),
                new Scrubber(new PiiScrubber(), templater), geo, new UserAgentEnricher(10_000), writer, metrics);
    }

    /**
     * Quarkus's validator without Hibernate Validator's per-call traversable-resolver cache. Quarkus's resolver
     * reaches everything, but HV only skips the cache for its own traverse-all class, so every validate() filled a
     * HashMap per checked property (~15 % of validation CPU). Same constraints, messages and interpolation.
     */
    static Validator contractValidator(ValidatorFactory validators) {
        return validators.unwrap(HibernateValidatorFactory.class).usingContext()
                .enableTraversableResolverResultCache(false).getValidator();
    }
}
