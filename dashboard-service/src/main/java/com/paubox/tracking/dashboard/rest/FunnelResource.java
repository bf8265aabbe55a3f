package com.paubox.tracking.dashboard.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.paubox.tracking.dashboard.funnel.FunnelStep;
import com.paubox.tracking.dashboard.funnel.FunnelSteps;
import com.paubox.tracking.dashboard.funnel.FunnelWindow;
import com.paubox.tracking.dashboard.model.FunnelReport;
import com.paubox.tracking.dashboard.repository.report.AnalyticsQuery;
import com.paubox.tracking.dashboard.service.AnalyticsService;
import com.paubox.tracking.dashboard.service.QueryParser;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Funnels (docs/dashboard.md "Funnels"): do users finish what they start. Admin role, audited like every analytics call. */
@Path("/api/admin/analytics/funnel")
@RolesAllowed("${analytics.admin-role}")
@Tag(name = "analytics")
public class FunnelResource {

    private final AnalyticsService service;
    private final QueryParser parser;

    public FunnelResource(AnalyticsService service, QueryParser parser) {
        this.service = service;
        this.parser = parser;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV })
    @Operation(summary = "Funnel", description = "Ordered steps, exact (from the raw events of the named steps). A journey reaches step n when "
            + "steps 1…n happened in that order inside its window: one session (`within=session`, the default: journeys are sessions), one local "
            + "day of `tz` or 7 × 24 hours from the first step (`day`, `7d`: journeys are signed-in users). Repeated steps count once; steps in "
            + "another session (or day) do not continue a journey. Per step: sessions and users that reached it, conversion from the previous and "
            + "the first step (of `counted`), the median time from the previous step, and the drop-off. Also answers `Accept: text/csv`.")
    @APIResponse(responseCode = "200", description = "The funnel", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FunnelReport.class),
                    examples = @ExampleObject(name = "compose then send", value = """
                            {"within":"session","counted":"sessions","steps":[
                             {"step":"page:/compose","sessions":400,"users":310,"conversion_from_previous_pct":null,"conversion_from_first_pct":100.0,"median_time_from_previous_ms":null,"drop_off":null,"drop_off_pct":null},
                             {"step":"click:send_email_btn","sessions":220,"users":190,"conversion_from_previous_pct":55.0,"conversion_from_first_pct":55.0,"median_time_from_previous_ms":48200,"drop_off":180,"drop_off_pct":45.0}]}""")),
            @Content(mediaType = CsvWriter.TEXT_CSV, examples = @ExampleObject(name = "csv", value = """
                    step,sessions,users,conversion_from_previous_pct,conversion_from_first_pct,median_time_from_previous_ms,drop_off,drop_off_pct\r
                    page:/compose,400,310,,100.0,,,\r
                    click:send_email_btn,220,190,55.0,55.0,48200,180,45.0\r
                    """)) })
    public Uni<FunnelReport> funnel(@BeanParam FilterParams filters,
            @Parameter(description = "2 to 8 steps, in order, each `page:<path>`, `page:<prefix>*` or `click:<label>` "
                    + "(`step=page:/compose&step=click:send_email_btn`).", required = true,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = String.class), example = "[\"page:/compose\", \"click:send_email_btn\"]")
            @QueryParam("step") List<String> step,
            @Parameter(description = "session (default) | day | 7d", schema = @Schema(type = SchemaType.STRING, enumeration = { "session", "day", "7d" }))
            @QueryParam("within") String within) {
        AnalyticsQuery query = filters.queryWithoutPathPrefix(parser, "a funnel: name the pages in its steps");
        List<FunnelStep> steps = FunnelSteps.parse(step);
        return service.funnel(query, steps, FunnelWindow.parse(within));
    }
}
