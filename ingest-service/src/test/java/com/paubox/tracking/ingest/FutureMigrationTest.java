package com.paubox.tracking.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;

/**
 * A schema that a newer release has migrated (its migration Job runs first in a rollout) still passes the start-up
 * validation this service's pods run ({@code QUARKUS_FLYWAY_VALIDATE_AT_START=true}, deploy/), so an old pod that
 * restarts mid-rollout, or a rolled-back image, starts (docs/deploy.md). The validation runs with the service's own
 * configuration; without {@code quarkus.flyway.ignore-migration-patterns=*:future} it fails ("applied migration not
 * resolved locally").
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class FutureMigrationTest {

    @Inject
    Flyway flyway;

    @Inject
    Pool pool;

    @Test
    void aSchemaMigratedByANewerReleaseStillValidates() {
        pool.query("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time,"
                + " success) SELECT max(installed_rank) + 1, '9999', 'from a newer release', 'SQL', 'V9999__from_a_newer_release.sql', 0, current_user, 0,"
                + " true FROM flyway_schema_history").execute().await().indefinitely();
        try {
            assertDoesNotThrow(flyway::validate);
        } finally {
            pool.query("DELETE FROM flyway_schema_history WHERE version = '9999'").execute().await().indefinitely();
        }
    }
}
