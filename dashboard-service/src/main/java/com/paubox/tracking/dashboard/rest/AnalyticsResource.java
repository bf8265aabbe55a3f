package com.paubox.tracking.dashboard.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.paubox.tracking.dashboard.model.ClicksReport;
import com.paubox.tracking.dashboard.model.CustomersReport;
import com.paubox.tracking.dashboard.model.LoginsReport;
import com.paubox.tracking.dashboard.model.Overview;
import com.paubox.tracking.dashboard.model.PagesReport;
import com.paubox.tracking.dashboard.model.SessionsReport;
import com.paubox.tracking.dashboard.model.Timeseries;
import com.paubox.tracking.dashboard.repository.report.AnalyticsQuery;
import com.paubox.tracking.dashboard.service.AnalyticsService;
import com.paubox.tracking.dashboard.service.Interval;
import com.paubox.tracking.dashboard.service.Metric;
import com.paubox.tracking.dashboard.service.QueryParser;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Read-only analytics for CSM administrators. Every call needs the admin role and is audited. */
@Path("/api/admin/analytics")
@RolesAllowed("${analytics.admin-role}")
@Tag(name = "analytics", description = "Aggregates over the tracked events. Bearer token with the admin role required; every call is audited. "
        + "Additive figures (views, clicks, logins, times) are exact. Distinct counts (users, visitors, sessions) come from HyperLogLog "
        + "sketches: each object holding one has an `estimates` object naming it, with `method` (`exact` while the sketch holds every "
        + "value — small counts —, `hll` above: relative standard error `rse` ≈ 1.15 %; `sample` for /sessions' distribution over many users), "
        + "`rse` and the 95 % bounds `lower`/`upper`. A figure not named in the nearest `estimates` is exact.")
// 400/401/403/503 come from ApiOperationsFilter (shared, defined once in META-INF/openapi.yaml).
public class AnalyticsResource {

    private static final String CSV = CsvWriter.TEXT_CSV;

    private final AnalyticsService service;
    private final QueryParser parser;

    public AnalyticsResource(AnalyticsService service, QueryParser parser) {
        this.service = service;
        this.parser = parser;
    }

    @GET
    @Path("/overview")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Totals", description = "page_views, distinct users (user_sub) and visitors (anon_id), distinct sessions, "
            + "average visible/total time of time_on_page events (ms, rounded), clicks and login outcomes over the range.")
    @APIResponse(responseCode = "200", description = "Totals", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Overview.class), examples = @ExampleObject(name = "overview", value = """
                    {"page_views":1520,"unique_users":87,"unique_visitors":140,"sessions":310,"avg_visible_ms":41200,"avg_duration_ms":65003,"clicks":930,"login_successes":120,"login_failures":9,
                     "estimates":{"unique_users":{"method":"exact","rse":0.0,"lower":87,"upper":87},"unique_visitors":{"method":"exact","rse":0.0,"lower":140,"upper":140},
                     "sessions":{"method":"exact","rse":0.0,"lower":310,"upper":310}}}""")))
    public Uni<Overview> overview(@BeanParam FilterParams filters) {
        return service.overview(filters.query(parser));
    }

    @GET
    @Path("/timeseries")
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @Operation(summary = "One metric per hour or day", description = "Buckets are hours or local days of `tz`; every bucket of the range is present (0 when empty; null for an average over no time_on_page event). "
            + "`t` is the bucket start with the zone's offset. For unique_users, unique_visitors and sessions each point has `estimates.value`. "
            + "Also answers `Accept: text/csv` (columns t,value).")
    @APIResponse(responseCode = "200", description = "Points", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Timeseries.class),
                    examples = { @ExampleObject(name = "daily page views", value = """
                            {"metric":"page_views","interval":"day","tz":"America/New_York","points":[{"t":"2026-11-01T00:00:00-04:00","value":52},{"t":"2026-11-02T00:00:00-05:00","value":0}]}"""),
                            @ExampleObject(name = "hourly unique users", value = """
                            {"metric":"unique_users","interval":"hour","tz":"UTC","points":[{"t":"2026-11-01T00:00:00Z","value":1012,"estimates":{"value":{"method":"hll","rse":0.0163,"lower":985,"upper":1046}}}]}""") }),
            @Content(mediaType = CSV, examples = @ExampleObject(name = "csv", value = "t,value\r\n2026-11-01T00:00:00-04:00,52\r\n")) })
    public Uni<Timeseries> timeseries(@BeanParam FilterParams filters,
            @Parameter(description = "page_views | unique_users (user_sub) | unique_visitors (anon_id) | sessions | avg_visible_ms | "
                    + "avg_duration_ms (of time_on_page events, rounded) | clicks | login_successes | login_failures", required = true,
                    in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING, enumeration = { "page_views", "unique_users",
                            "unique_visitors", "sessions", "avg_visible_ms", "avg_duration_ms", "clicks", "login_successes",
                            "login_failures" })) @QueryParam("metric") String metric,
            @Parameter(description = "hour | day (default day)", schema = @Schema(type = SchemaType.STRING, enumeration = { "hour", "day" }))
            @QueryParam("interval") String interval) {
        AnalyticsQuery query = filters.query(parser);
        return service.timeseries(query, Metric.parse(metric), Interval.parse(interval));
    }

    @GET
    @Path("/pages")
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @Operation(summary = "Top pages", description = "Per page_path: page views, distinct signed-in users who viewed it, average visible time "
            + "of its time_on_page events. Most viewed first. Also answers `Accept: text/csv`.")
    @APIResponse(responseCode = "200", description = "Rows", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PagesReport.class),
                    examples = @ExampleObject(name = "pages", value = """
                            {"rows":[{"page_path":"/messages/inbox","views":812,"unique_users":61,"avg_visible_ms":61200,"estimates":{"unique_users":{"method":"exact","rse":0.0,"lower":61,"upper":61}}}]}""")),
            @Content(mediaType = CSV, examples = @ExampleObject(name = "csv", value = "page_path,views,unique_users,avg_visible_ms\r\n/messages/inbox,812,61,61200\r\n")) })
    public Uni<PagesReport> pages(@BeanParam FilterParams filters, @Parameter(description = "Rows to return, 1 to 1000 (default 100).", example = "20") @QueryParam("limit") String limit) {
        return service.pages(filters.query(parser), parser.limit(limit));
    }

    @GET
    @Path("/clicks")
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @Operation(summary = "Top clicked elements", description = "Per data-pb-track label: the element tag clicked most, clicks, distinct signed-in "
            + "users, and the page where it was clicked most. Without path_prefix the element and page come from frequent-items sketches: "
            + "exact for a label used on up to ~48 pages per hour or day, otherwise the one with the largest estimated count. "
            + "Also answers `Accept: text/csv`.")
    @APIResponse(responseCode = "200", description = "Rows", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClicksReport.class),
                    examples = @ExampleObject(name = "clicks", value = """
                            {"rows":[{"label":"nav_compose","element":"a","clicks":301,"unique_users":44,"top_page_path":"/messages/inbox","estimates":{"unique_users":{"method":"exact","rse":0.0,"lower":44,"upper":44}}}]}""")),
            @Content(mediaType = CSV, examples = @ExampleObject(name = "csv", value = "label,element,clicks,unique_users,top_page_path\r\nnav_compose,a,301,44,/messages/inbox\r\n")) })
    public Uni<ClicksReport> clicks(@BeanParam FilterParams filters, @Parameter(description = "Rows to return, 1 to 1000 (default 100).", example = "20") @QueryParam("limit") String limit) {
        return service.clicks(filters.query(parser), parser.limit(limit));
    }

    @GET
    @Path("/sessions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sessions", description = "Distinct sessions, distinct signed-in users, average sessions per signed-in user and "
            + "the distribution: how many users had 1, 2, 3 … sessions in the range. Over more than 4,000 users the distribution and the "
            + "average come from a consistent sample of users (scaled up; each bucket's `estimates.users` has method `sample`).")
    @APIResponse(responseCode = "200", description = "Sessions", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SessionsReport.class), examples = @ExampleObject(name = "sessions", value = """
                    {"sessions":310,"users":87,"avg_sessions_per_user":2.41,"distribution":[{"session_count":1,"users":40},{"session_count":2,"users":21}],
                     "estimates":{"sessions":{"method":"exact","rse":0.0,"lower":310,"upper":310}}}""")))
    public Uni<SessionsReport> sessions(@BeanParam FilterParams filters) {
        return service.sessions(filters.query(parser));
    }

    @GET
    @Path("/logins")
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @Operation(summary = "Login outcomes", description = "Successes, failures, failure rate (4 decimals), failures by Auth0 error code, and "
            + "successes/failures by country, region, city, browser, OS and device type (key null = unknown). Small groups are kept from view: "
            + "in every breakdown the rows of fewer distinct signed-in users than `min_group_users` (ANALYTICS_MIN_GROUP_USERS, default 5; "
            + "0 = off) are folded into one last row `other` with `suppressed` true and their sums (rows shown have `suppressed` false); "
            + "the totals count every login. Also answers `Accept: text/csv`: one row per breakdown row (breakdown = error_code, country, "
            + "region, city, browser, os or device; error codes have no successes).")
    @APIResponse(responseCode = "200", description = "Logins", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LoginsReport.class),
                    examples = @ExampleObject(name = "logins", value = """
                            {"successes":120,"failures":9,"failure_rate":0.0698,"min_group_users":5,
                             "failures_by_code":[{"error_code":"invalid_grant","failures":7,"suppressed":false},{"error_code":"other","failures":2,"suppressed":true}],
                             "by_country":[{"key":"US","successes":100,"failures":8,"suppressed":false},{"key":"other","successes":20,"failures":1,"suppressed":true}],
                             "by_region":[{"key":"WA","successes":30,"failures":1,"suppressed":false},{"key":"other","successes":90,"failures":8,"suppressed":true}],
                             "by_city":[{"key":"Milton","successes":12,"failures":0,"suppressed":false},{"key":"other","successes":108,"failures":9,"suppressed":true}],
                             "by_browser":[{"key":"Chrome","successes":90,"failures":5,"suppressed":false},{"key":"other","successes":30,"failures":4,"suppressed":true}],
                             "by_os":[{"key":"Windows","successes":70,"failures":4,"suppressed":false},{"key":"other","successes":50,"failures":5,"suppressed":true}],
                             "by_device":[{"key":"desktop","successes":110,"failures":9,"suppressed":false},{"key":"other","successes":10,"failures":0,"suppressed":true}],
                             "estimates":{}}""")),
            @Content(mediaType = CSV, examples = @ExampleObject(name = "csv", value = "breakdown,key,successes,failures,suppressed\r\n"
                    + "error_code,invalid_grant,,7,false\r\nerror_code,other,,2,true\r\ncountry,US,100,8,false\r\ncountry,other,20,1,true\r\n")) })
    public Uni<LoginsReport> logins(@BeanParam FilterParams filters) {
        return service.logins(filters.query(parser));
    }

    @GET
    @Path("/customers")
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @Operation(summary = "Activity per customer", description = "Per customer_id: page views, distinct signed-in users, distinct sessions "
            + "and the last event time. Most page views first. Also answers `Accept: text/csv`.")
    @APIResponse(responseCode = "200", description = "Rows", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomersReport.class),
                    examples = @ExampleObject(name = "customers", value = """
                            {"rows":[{"customer_id":48213,"page_views":410,"unique_users":12,"sessions":77,"last_seen":"2026-11-29T14:10:00Z",
                             "estimates":{"unique_users":{"method":"exact","rse":0.0,"lower":12,"upper":12},"sessions":{"method":"exact","rse":0.0,"lower":77,"upper":77}}}]}""")),
            @Content(mediaType = CSV, examples = @ExampleObject(name = "csv", value = "customer_id,page_views,unique_users,sessions,last_seen\r\n48213,410,12,77,2026-11-29T14:10:00Z\r\n")) })
    public Uni<CustomersReport> customers(@BeanParam FilterParams filters, @Parameter(description = "Rows to return, 1 to 1000 (default 100).", example = "20") @QueryParam("limit") String limit) {
        return service.customers(filters.query(parser), parser.limit(limit));
    }
}
