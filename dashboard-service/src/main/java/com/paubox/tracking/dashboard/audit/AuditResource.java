package com.paubox.tracking.dashboard.audit;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.paubox.tracking.dashboard.rest.CsvWriter;
import com.paubox.tracking.dashboard.rest.Problem;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The security officer's view of the audit trail. Separation of duties: only the auditor role
 * (ANALYTICS_AUDITOR_ROLE, default security_officer) gets in, the admin role alone does not. These calls
 * are audited like every other one.
 */
@Path("/api/admin/audit")
@RolesAllowed("${analytics.auditor-role}")
@Tag(name = "audit", description = "The audit trail: listing and hash-chain verification. Bearer token with the auditor role required "
        + "(ANALYTICS_AUDITOR_ROLE, default security_officer; super_admin alone is refused); every call is audited.")
@APIResponse(responseCode = "401", description = "No token, or an invalid token")
@APIResponse(responseCode = "403", description = "Valid token without the auditor role")
@APIResponse(responseCode = "503", description = "The audit record or the query could not be written/run")
public class AuditResource {

    /** Response header carrying the next page's cursor (also in the JSON body as `next`). */
    public static final String NEXT_CURSOR_HEADER = "X-Next-Cursor";

    private final AuditRepository repository;
    private final AuditVerifier verifier;

    public AuditResource(AuditRepository repository, AuditVerifier verifier) {
        this.repository = repository;
        this.verifier = verifier;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV })
    @Operation(summary = "List audit rows", description = "Newest first. Filters combine with AND. Page with `limit` and the opaque `next` "
            + "cursor of the previous answer (also sent as the X-Next-Cursor header, the only place a CSV answer carries it). "
            + "`Accept: text/csv` answers CSV (query_params as JSON text; text starting with = + - @ is prefixed with ').")
    @APIResponse(responseCode = "200", description = "A page", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditPage.class),
                    examples = @ExampleObject(name = "page", value = """
                            {"rows":[{"id":812,"seq":812,"occurred_at":"2026-11-30T13:02:11.482913Z","subject":"auth0|64f1c2d3e4b5a6978812ab34","method":"GET","endpoint":"/api/admin/analytics/pages","query_params":{"limit":"20"},"status":200,"hash":"5b0c…"}],"next":"YTE6ODEy"}""")),
            @Content(mediaType = CsvWriter.TEXT_CSV, examples = @ExampleObject(name = "csv", value = """
                    id,seq,occurred_at,subject,method,endpoint,query_params,status,hash\r
                    812,812,2026-11-30T13:02:11.482913Z,auth0|64f1c2d3e4b5a6978812ab34,GET,/api/admin/analytics/pages,"{""limit"":""20""}",200,5b0c…\r
                    """)) })
    @APIResponse(responseCode = "400", description = "A bad parameter (problem+json naming it in `field`)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "bad status", value = """
                            {"type":"about:blank","title":"Bad parameter","status":400,"detail":"status must be an HTTP status code from 100 to 599","field":"status"}""")))
    public Uni<AuditPage> list(@Context HttpServerResponse response,
            @Parameter(description = "From this instant (ISO date-time with offset) or UTC day (YYYY-MM-DD), inclusive.", example = "2026-11-01")
            @QueryParam("from") String from,
            @Parameter(description = "Up to this instant (exclusive) or UTC day (inclusive).", example = "2026-11-30") @QueryParam("to") String to,
            @Parameter(description = "Only rows of this subject (the token's sub), exact.", example = "auth0|64f1c2d3e4b5a6978812ab34")
            @QueryParam("subject") String subject,
            @Parameter(description = "Only rows answered with this HTTP status.", example = "403") @QueryParam("status") String status,
            @Parameter(description = "Only rows whose endpoint starts with this prefix (matched literally).", example = "/api/admin/analytics/users")
            @QueryParam("endpoint_prefix") String endpointPrefix,
            @Parameter(description = "Rows per page, 1 to 1000 (default 100).", example = "100") @QueryParam("limit") String limit,
            @Parameter(description = "The `next` value of the previous page.") @QueryParam("cursor") String cursor) {
        AuditQuery query = AuditQueryParser.parse(from, to, subject, status, endpointPrefix, limit, cursor);
        return repository.list(query).map(found -> {
            boolean more = found.size() > query.limit();
            var rows = more ? found.subList(0, query.limit()) : found;
            String next = more ? AuditQueryParser.cursorAfter(rows.get(rows.size() - 1).id()) : null;
            if (next != null) {
                response.putHeader(NEXT_CURSOR_HEADER, next);
            }
            return new AuditPage(rows, next);
        });
    }

    @GET
    @Path("/verify")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Verify the hash chain", description = "Re-computes every row's hash from its fields and its predecessor's hash, "
            + "streamed from the oldest remaining row (the anchor) to the head. `first_broken_id` is the first row changed, or the first "
            + "row after a removed one. `exported_head` is the head this replica last published on /q/metrics; `found: false` means the "
            + "tail was cut off. `ok` is false on either.")
    @APIResponse(responseCode = "200", description = "The result (also when the chain is broken)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditVerification.class),
            examples = @ExampleObject(name = "intact", value = """
                    {"ok":true,"rows":1200000,"first_broken_id":null,"head":{"seq":1200000,"id":1200000,"hash":"9f2d…","hash48":175301237645125},
                     "anchor":{"seq":1,"id":1,"prev_hash":"0000…","genesis":true},"exported_head":{"seq":1199990,"id":1199990,"hash":"77aa…","found":true},
                     "millis":8000,"rows_per_second":150000}""")))
    public Uni<AuditVerification> verify() {
        return verifier.verify();
    }
}
