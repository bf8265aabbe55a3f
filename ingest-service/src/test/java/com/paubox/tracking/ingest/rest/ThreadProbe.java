package com.paubox.tracking.ingest.rest;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.vertx.core.Context;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/** Test-only: reports whether the endpoint ran on a Vert.x event loop (asked for with X-Probe-Thread). */
public class ThreadProbe {

    @ServerRequestFilter
    public void before(ContainerRequestContext request) {
        if (request.getHeaderString("X-Probe-Thread") != null) {
            request.setProperty("probe.eventloop", Context.isOnEventLoopThread());
        }
    }

    @ServerResponseFilter
    public void after(ContainerRequestContext request, ContainerResponseContext response) {
        Object onEventLoop = request.getProperty("probe.eventloop");
        if (onEventLoop != null) {
            response.getHeaders().add("X-Probe-Event-Loop", onEventLoop.toString());
        }
    }
}
