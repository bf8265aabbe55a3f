package com.paubox.tracking.ingest.rest;

import com.paubox.tracking.model.EventLimits;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;

/**
 * Answers an over-size body with 413 problem+json. A declared one (Content-Length) is refused before a byte of it
 * is read. A chunked one (no Content-Length) is read here, up to the limit, by Vert.x's body handler (Quarkus REST
 * then takes the buffered body); past the limit the handler fails the request with 413, which the failure handler
 * below answers with the same problem+json. (Left to Quarkus REST, such a body got a bare 413 without a body.)
 * Runs after {@link BodyDeadlineFilter}, so a chunked body that stalls is still cut at the body time-out.
 */
public class BodyLimitFilter {

    private static final String BODY = Problem.json(413, "Payload too large",
            "body exceeds " + EventLimits.MAX_BODY_BYTES + " bytes", "body");

    private final BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(EventLimits.MAX_BODY_BYTES);

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                if (tooLong(length)) {
                    tooLarge(rc);
                } else {
                    rc.next();
                }
            } else if (rc.request().method() == HttpMethod.POST && !rc.request().isEnded()) {
                chunkedBodies.handle(rc); // reads the body, then next(); past the limit fail(413)
            } else {
                rc.next();
            }
        }, 1000);
    }

    void failures(@Observes Router router) {
        router.route().failureHandler(rc -> {
            if (rc.statusCode() == 413 && !rc.response().headWritten()) {
                tooLarge(rc);
            } else {
                rc.next();
            }
        });
    }

    private static void tooLarge(RoutingContext rc) {
        rc.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(BODY);
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > EventLimits.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
