package com.paubox.tracking.ingest.config;

import com.paubox.tracking.ingest.pipeline.IdentityKeys;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads ANALYTICS_IDENTITY_KEYS again every analytics.identity.reload-interval (60 s), so a key added to or removed
 * from the JWKS takes effect without a restart. A scheduled method runs on a worker thread: file or HTTP I/O is fine.
 */
@ApplicationScoped
public class IdentityKeysRefresher {

    @Inject
    IngestConfig config;

    @Inject
    IdentityKeys keys;

    @Scheduled(every = "${analytics.identity.reload-interval:60s}", delayed = "${analytics.identity.reload-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        if (config.identity().mode() != IdentityMode.OFF) {
            keys.reload();
        }
    }
}
