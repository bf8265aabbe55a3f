package com.paubox.tracking.ingest.rest;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.event.Observes;

/**
 * Slow-client (slowloris) guard: a request body must arrive completely within
 * {@code analytics.http.body-timeout} of its headers. A body that stalls or trickles is answered 408 and its
 * connection closed, so held-open connections cannot pile up. (The idle time-out, quarkus.http.idle-timeout,
 * closes connections that send nothing at all, including ones whose headers never finish.)
 */
public class BodyDeadlineFilter {

    private static final String BODY = Problem.json(408, "Request timeout", "the request body did not arrive in time", "body");

    @ConfigProperty(name = "analytics.http.body-timeout", defaultValue = "10S")
    Duration timeout;

    void register(@Observes Filters filters) {
        long millis = Math.max(1, timeout.toMillis());
        filters.register(rc -> {
            HttpServerRequest request = rc.request();
            if (!request.isEnded()) {
                long timer = rc.vertx().setTimer(millis, id -> {
                    if (request.isEnded()) {
                        return;
                    }
                    if (!rc.response().headWritten()) {
                        rc.response().setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                                .putHeader(HttpHeaders.CONNECTION, "close").end(BODY)
                                .onComplete(done -> request.connection().close());
                    } else {
                        request.connection().close();
                    }
                });
                rc.addEndHandler(done -> rc.vertx().cancelTimer(timer));
            }
            rc.next();
        }, 1100);
    }
}
