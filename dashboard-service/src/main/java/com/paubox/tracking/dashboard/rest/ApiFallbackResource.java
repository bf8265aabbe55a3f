package com.paubox.tracking.dashboard.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

/**
 * Any other path or method under /api: still authenticated (401/403 as usual) and audited like every API
 * request, then answered 404. Without it, unknown paths would bypass the REST layer and its audit filter.
 */
@Path("/api")
@RolesAllowed("${analytics.admin-role}")
public class ApiFallbackResource {

    @GET
    @Path("{any: .*}")
    @Operation(hidden = true)
    public void get_() {
        throw notFound();
    }

    @POST
    @Path("{any: .*}")
    @Operation(hidden = true)
    public void post() {
        throw notFound();
    }

    @PUT
    @Path("{any: .*}")
    @Operation(hidden = true)
    public void put() {
        throw notFound();
    }

    @DELETE
    @Path("{any: .*}")
    @Operation(hidden = true)
    public void delete_() {
        throw notFound();
    }

    @PATCH
    @Path("{any: .*}")
    @Operation(hidden = true)
    public void patch() {
        throw notFound();
    }

    @HEAD
    @Path("{any: .*}")
    @Operation(hidden = true)
    public void head() {
        throw notFound();
    }

    private static NotFoundException notFound() {
        return new NotFoundException("no such API endpoint");
    }
}
