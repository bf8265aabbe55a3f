package com.paubox.tracking.ingest.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.paubox.tracking.database.DatabaseUrl;
import com.paubox.tracking.database.EmbeddedDatabase;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** An embedded PostgreSQL that a test can stop and start again (same port, same data directory). */
public class ControlledPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static Path dataDir;
    private static EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
            dataDir = Files.createTempDirectory("ingest-outage-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startDatabase();
        return DatabaseUrl.parse(EmbeddedDatabase.url(port)).toQuarkusProperties();
    }

    public static synchronized void startDatabase() {
        postgres = EmbeddedDatabase.start(port, dataDir);
    }

    public static synchronized void stopDatabase() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        stopDatabase();
    }
}
