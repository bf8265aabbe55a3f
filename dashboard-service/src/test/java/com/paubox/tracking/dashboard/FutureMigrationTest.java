package com.paubox.tracking.dashboard;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.NewerSchema;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;

/**
 * A schema a newer release has migrated (the ingest image's Job runs first in a rollout) still passes this service's
 * start-up validation ({@code quarkus.flyway.validate-at-start}), so an old pod that restarts mid-rollout, or a
 * rolled-back image, starts. Without {@code quarkus.flyway.ignore-migration-patterns=*:future} it fails ("applied
 * migration not resolved locally").
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class FutureMigrationTest {

    @Inject
    Flyway flyway;

    @Test
    void aSchemaMigratedByANewerReleaseStillValidates() throws Exception {
        NewerSchema.assertStillValidates(flyway);
    }
}
