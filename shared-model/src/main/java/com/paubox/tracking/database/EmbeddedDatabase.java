package com.paubox.tracking.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded default: when no database is configured, a local run gets an embedded PostgreSQL (zonky)
 * on a fixed port with a persistent data directory. Both services share it: whichever starts first owns
 * it, the other finds the port taken and connects.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

    public static final String PORT_ENV = "ANALYTICS_EMBEDDED_DB_PORT";
    public static final String DIR_ENV = "ANALYTICS_EMBEDDED_DB_DIR";
    /** PostgreSQL's shared_buffers for the embedded database (e.g. 1GB); unset: PostgreSQL's default (128MB). */
    public static final String SHARED_BUFFERS_ENV = "ANALYTICS_EMBEDDED_DB_SHARED_BUFFERS";
    public static final int DEFAULT_PORT = 54329;

    private EmbeddedDatabase() {
    }

    /**
     * Runs the embedded PostgreSQL as its own process (the local run script and the end-to-end test use
     * this, so the database outlives each service's restart and stops last). Stops on SIGTERM/Ctrl-C.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(env(PORT_ENV, String.valueOf(DEFAULT_PORT)));
        Path dir = dataDirectory();
        start(port, dir);
        System.out.println("embedded PostgreSQL ready: " + url(port) + " (data in " + dir + ")");
        Thread.currentThread().join();
    }

    /**
     * Call from a service's main before Quarkus starts. Does nothing when a database is configured
     * ({@code ANALYTICS_DATABASE_URL} or an explicit {@code QUARKUS_DATASOURCE_REACTIVE_URL}).
     */
    public static void startIfUnconfigured() {
        if (DatabaseUrlConfigSource.configuredUrl() != null || System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL") != null
                || System.getProperty("quarkus.datasource.reactive.url") != null) {
            return;
        }
        int port = Integer.parseInt(env(PORT_ENV, String.valueOf(DEFAULT_PORT)));
        Path dir = dataDirectory();
        if (isListening(port)) {
            LOG.infof("No ANALYTICS_DATABASE_URL: using the embedded PostgreSQL already running on port %d", port);
        } else {
            start(port, dir);
            LOG.infof("No ANALYTICS_DATABASE_URL: started an embedded PostgreSQL on port %d (data in %s)", port, dir);
        }
        System.setProperty(DatabaseUrlConfigSource.SYSTEM_PROPERTY, url(port));
    }

    /** Starts a PostgreSQL; it stops with the JVM (zonky registers a shutdown hook). */
    public static EmbeddedPostgres start(int port, Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port);
            if (dataDirectory != null) {
                // A persistent local database keeps its promise that 204 means stored: zonky's test
                // defaults turn fsync and synchronous commit off.
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                        .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            String sharedBuffers = System.getenv(SHARED_BUFFERS_ENV);
            if (sharedBuffers != null && !sharedBuffers.isBlank()) {
                builder.setServerConfig("shared_buffers", sharedBuffers);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    public static String url(int port) {
        return "postgresql://postgres:postgres@localhost:" + port + "/postgres?sslmode=disable";
    }

    private static Path dataDirectory() {
        return Path.of(env(DIR_ENV, Path.of(System.getProperty("java.io.tmpdir"), "paubox-tracking-db").toString()));
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
