package com.paubox.tracking.dashboard.rest;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.paubox.tracking.dashboard.service.BadParameterException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Maps refusals and failures to problem+json answers. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response badParameter(BadParameterException e) {
        return Problem.response(400, "Bad parameter", e.getMessage(), e.field());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Problem.response(status, title, status >= 500 ? null : e.getMessage(), null);
    }

    /** Storage and other unexpected failures: no detail leaks to the client. */
    @ServerExceptionMapper({ io.vertx.core.VertxException.class, io.vertx.pgclient.PgException.class,
            io.smallrye.mutiny.TimeoutException.class, java.net.ConnectException.class })
    public Response unavailable(Exception e) {
        LOG.warnf("analytics storage failure: %s", summary(e));
        return Problem.response(503, "Service Unavailable", "analytics storage is unavailable, retry later", null);
    }

    /**
     * A failure for the log: its class and SQLSTATE only. A database message can quote the values of the
     * statement (a subject being erased, a filter value), which must not reach the logs.
     */
    public static String summary(Throwable e) {
        return e instanceof io.vertx.pgclient.PgException pg ? "PgException SQLSTATE " + pg.getSqlState() : e.getClass().getSimpleName();
    }
}
