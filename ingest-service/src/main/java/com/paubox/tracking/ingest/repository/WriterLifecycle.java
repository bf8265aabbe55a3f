package com.paubox.tracking.ingest.repository;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Partitions at startup; on shutdown (SIGTERM) stop accepting, drain the queue and commit before exit. */
@ApplicationScoped
public class WriterLifecycle {

    private static final Logger LOG = Logger.getLogger(WriterLifecycle.class);

    void onStart(@Observes StartupEvent event, Pool pool) {
        // Next months' partitions; the dashboard's job does the same, and the default partition catches the rest.
        pool.query("SELECT analytics_ensure_partitions(current_date, 3)").execute().subscribe().with(
                rows -> LOG.debug("partitions ensured"),
                failure -> LOG.warnf("could not ensure partitions (%s); events go to the default partition",
                        failure.getClass().getSimpleName()));
    }

    // Early: before the pool is closed.
    void onStop(@Observes @Priority(1) ShutdownEvent event, EventWriter writer) {
        int queued = writer.depth();
        boolean drained = writer.drain();
        if (drained) {
            LOG.infof("writer drained (%d events were queued)", queued);
        } else {
            LOG.warnf("writer not drained before the timeout; %d events not stored (their requests got 503)", writer.depth());
        }
    }
}
