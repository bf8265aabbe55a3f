package com.paubox.tracking.ingest;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.NewerSchema;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The validation this service's pods run at start in production ({@code QUARKUS_FLYWAY_VALIDATE_AT_START=true}, deploy/)
 * accepts a schema a newer release has migrated, so a rolled-back ingest image starts; without
 * {@code quarkus.flyway.ignore-migration-patterns=*:future} it fails.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class FutureMigrationTest {

    @Inject
    Flyway flyway;

    @Test
    void aRolledBackImageValidatesTheNewerSchema() throws Exception {
        NewerSchema.assertStillValidates(flyway);
    }
}
