package com.paubox.tracking.dashboard.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.paubox.tracking.dashboard.model.RetentionReport;
import com.paubox.tracking.dashboard.retention.CohortPeriod;
import com.paubox.tracking.dashboard.service.AnalyticsService;
import com.paubox.tracking.dashboard.service.BadParameterException;
import com.paubox.tracking.dashboard.service.QueryParser;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Retention cohorts (docs/dashboard.md "Retention"): do users come back. Admin role, audited like every analytics call. */
@Path("/api/admin/analytics/retention")
@RolesAllowed("${analytics.admin-role}")
@Tag(name = "analytics")
public class RetentionResource {

    private final AnalyticsService service;
    private final QueryParser parser;

    public RetentionResource(AnalyticsService service, QueryParser parser) {
        this.service = service;
        this.parser = parser;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV })
    @Operation(summary = "Retention cohorts", description = "Users grouped by the period (ISO week or month, local to `tz`) of their first event "
            + "ever — not first in the range — and, for each cohort, how many were active in that period and each later one up to the range's "
            + "end (the range is widened to whole periods). Signed-in users (`user_sub`); `visitors=true`: browsers (`anon_id`). Exact. "
            + "Also answers `Accept: text/csv` (one row per cohort, `period_0` … `period_n`).")
    @APIResponse(responseCode = "200", description = "The cohort triangle", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RetentionReport.class),
                    examples = @ExampleObject(name = "weekly", value = """
                            {"cohort":"week","counted":"users","periods":["2026-11-02","2026-11-09","2026-11-16"],"cohorts":[
                             {"period":"2026-11-02","size":120,"active":[120,64,51],"active_pct":[100.0,53.3,42.5]},
                             {"period":"2026-11-09","size":80,"active":[80,37],"active_pct":[100.0,46.3]},
                             {"period":"2026-11-16","size":45,"active":[45],"active_pct":[100.0]}]}""")),
            @Content(mediaType = CsvWriter.TEXT_CSV, examples = @ExampleObject(name = "csv", value = """
                    cohort,size,period_0,period_1,period_2\r
                    2026-11-02,120,120,64,51\r
                    2026-11-09,80,80,37,\r
                    2026-11-16,45,45,,\r
                    """)) })
    public Uni<RetentionReport> retention(@BeanParam FilterParams filters,
            @Parameter(description = "week (default) | month", schema = @Schema(type = SchemaType.STRING, enumeration = { "week", "month" }))
            @QueryParam("cohort") String cohort,
            @Parameter(description = "true: browsers (anon_id) instead of signed-in users", schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("visitors") String visitors) {
        return service.retention(filters.queryWithoutPathPrefix(parser, "retention"), CohortPeriod.parse(cohort), visitors(visitors));
    }

    private static boolean visitors(String value) {
        if (value == null || value.isBlank() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new BadParameterException("visitors", "visitors must be true or false");
    }
}
