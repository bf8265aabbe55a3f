package com.paubox.tracking.dashboard;

import com.paubox.tracking.database.EmbeddedDatabase;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts the service; without ANALYTICS_DATABASE_URL it first brings up the embedded default database. */
@QuarkusMain
public class DashboardMain {

    public static void main(String... args) {
        EmbeddedDatabase.startIfUnconfigured();
        Quarkus.run(args);
    }
}
