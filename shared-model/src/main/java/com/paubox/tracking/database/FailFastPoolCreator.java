package com.paubox.tracking.database;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Singleton;

/**
 * Builds the reactive pool from Quarkus's options, with two changes so that nothing waits for a database that
 * is not there (docs/reliability.md, "Database outage"); both services use this one bean:
 * <ul>
 * <li>a TCP connect time-out ({@code analytics.database.connect-timeout}, default 1 s; Vert.x's default is 60 s):
 * a host that drops packets fails a connection attempt in a second instead of a minute;</li>
 * <li>no pool-side wait timer ({@code connectionTimeout = 0}). Vert.x 4.5's pool arms that timer (30 s by default)
 * for every query and does not cancel it when the connection attempt fails, so 30 s after each refused connection
 * the timer completes the query's result a second time and the event loop logs an uncaught
 * {@code IllegalStateException: Result is already complete} (eclipse-vertx/vertx-sql-client#1706). The waits are
 * bounded instead by the connect time-out and by the callers (the writer's commit time-out and circuit breaker).</li>
 * </ul>
 */
@Singleton
public class FailFastPoolCreator implements PgPoolCreator {

    @ConfigProperty(name = "analytics.database.connect-timeout", defaultValue = "PT1S")
    Duration connectTimeout;

    @Override
    public Pool create(Input input) {
        PoolOptions pool = new PoolOptions(input.poolOptions()).setConnectionTimeout(0);
        for (PgConnectOptions connect : input.pgConnectOptionsList()) {
            connect.setConnectTimeout((int) Math.max(1, connectTimeout.toMillis()));
        }
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), pool);
    }
}
