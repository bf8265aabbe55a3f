package com.paubox.tracking.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An embedded PostgreSQL that a test can stop and start again (same port, same data directory), for the
 * services' outage tests. {@link #stopDatabase()} is a fast shutdown ({@code pg_ctl stop -m fast}: sessions
 * are terminated, then the server exits), as when a managed database fails over or restarts.
 */
public class ControlledPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static Path dataDir;
    private static EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
            dataDir = Files.createTempDirectory("outage-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startDatabase();
        return DatabaseUrl.parse(EmbeddedDatabase.url(port)).toQuarkusProperties();
    }

    /** Starts the server; returns once it accepts connections. */
    public static synchronized void startDatabase() {
        postgres = EmbeddedDatabase.start(port, dataDir);
    }

    /** Fast shutdown (zonky's close runs {@code pg_ctl stop -m fast -w}); returns once the server has exited. */
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
