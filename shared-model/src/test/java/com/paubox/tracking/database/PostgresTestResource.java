package com.paubox.tracking.database;

import java.io.IOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL for the services' {@code @QuarkusTest}s: embedded (zonky) by default, or the one named
 * by {@code ANALYTICS_TEST_DATABASE_URL} (a libpq URI) when set. Configured through the same
 * {@link DatabaseUrl} mapping as production.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String EXTERNAL_ENV = "ANALYTICS_TEST_DATABASE_URL";

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        String url = System.getenv(EXTERNAL_ENV);
        if (url == null || url.isBlank()) {
            postgres = startEmbedded();
            url = EmbeddedDatabase.url(postgres.getPort());
        }
        return DatabaseUrl.parse(url).toQuarkusProperties();
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A throwaway PostgreSQL on a free port. */
    public static EmbeddedPostgres startEmbedded() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL", e);
        }
    }
}
