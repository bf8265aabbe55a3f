package com.paubox.tracking.database;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;

/**
 * A schema a newer release has migrated, as a service's start-up validation meets it: one applied migration this build
 * does not know (docs/deploy.md, "How migration and rollout interact").
 */
public final class NewerSchema {

    private NewerSchema() {
    }

    /**
     * Records a migration from a newer release in the schema history, checks that {@code flyway} (a service's own,
     * configured as its start-up validation is) still validates, then removes the record.
     */
    public static void assertStillValidates(Flyway flyway) throws SQLException {
        // each statement on a connection of its own, given back before validate takes one (a service's pool may hold one)
        execute(flyway, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time,"
                + " success) SELECT max(installed_rank) + 1, '9999', 'from a newer release', 'SQL', 'V9999__from_a_newer_release.sql', 0,"
                + " current_user, 0, true FROM flyway_schema_history");
        try {
            assertDoesNotThrow(flyway::validate);
        } finally {
            execute(flyway, "DELETE FROM flyway_schema_history WHERE version = '9999'");
        }
    }

    private static void execute(Flyway flyway, String sql) throws SQLException {
        try (Connection c = flyway.getConfiguration().getDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
