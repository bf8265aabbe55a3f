package com.paubox.tracking.dashboard.rest;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import com.paubox.tracking.dashboard.repository.report.AnalyticsQuery;
import com.paubox.tracking.dashboard.service.BadParameterException;
import com.paubox.tracking.dashboard.service.QueryParser;

import jakarta.ws.rs.QueryParam;

/** The filters every endpoint accepts, read as raw strings so that every refusal is our own 400 problem. */
public class FilterParams {

    @QueryParam("from")
    @Parameter(description = "First day (ISO date, local to tz), inclusive. Default: 29 days before `to`.", example = "2026-11-01")
    public String from;

    @QueryParam("to")
    @Parameter(description = "Last day (ISO date, local to tz), inclusive. Default: today in tz. At most 400 days after `from`.", example = "2026-11-30")
    public String to;

    @QueryParam("tz")
    @Parameter(description = "IANA time zone of `from`/`to` and of the buckets. Default UTC.", example = "America/New_York")
    public String tz;

    @QueryParam("customer_id")
    @Parameter(description = "Only events of this Paubox customer.id.", example = "48213")
    public String customerId;

    @QueryParam("surface")
    @Parameter(description = "Only events of this product surface.", example = "dashboard")
    public String surface;

    @QueryParam("path_prefix")
    @Parameter(description = "Only events whose page_path starts with this prefix (matched literally).", example = "/messages")
    public String pathPrefix;

    public AnalyticsQuery query(QueryParser parser) {
        return parser.parse(from, to, tz, customerId, surface, pathPrefix);
    }

    /** The filters of an endpoint a path prefix means nothing to (accounts, funnels, retention): refused, not ignored. */
    public AnalyticsQuery queryWithoutPathPrefix(QueryParser parser, String endpoint) {
        if (pathPrefix != null && !pathPrefix.isBlank()) {
            throw new BadParameterException("path_prefix", "path_prefix does not apply to " + endpoint);
        }
        return query(parser);
    }
}
