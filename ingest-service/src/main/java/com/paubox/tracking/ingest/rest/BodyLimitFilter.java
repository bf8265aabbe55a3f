package com.paubox.tracking.ingest.rest;

import com.paubox.tracking.model.EventLimits;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.event.Observes;

/**
 * Answers a declared over-size body with 413 problem+json before a byte of it is read. (A chunked body
 * without Content-Length is cut by quarkus.http.limits.max-body-size, which answers a bare 413.)
 */
public class BodyLimitFilter {

    private static final String BODY = Problem.json(413, "Payload too large",
            "body exceeds " + EventLimits.MAX_BODY_BYTES + " bytes", "body");

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLong(length)) {
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(BODY);
                return;
            }
            rc.next();
        }, 1000);
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > EventLimits.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
