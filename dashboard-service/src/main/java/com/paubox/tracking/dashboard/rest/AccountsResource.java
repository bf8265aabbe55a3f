package com.paubox.tracking.dashboard.rest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.paubox.tracking.dashboard.account.AccountCursors;
import com.paubox.tracking.dashboard.account.AccountSort;
import com.paubox.tracking.dashboard.account.AccountStatus;
import com.paubox.tracking.dashboard.account.AccountsService;
import com.paubox.tracking.dashboard.audit.AuditResource;
import com.paubox.tracking.dashboard.model.AccountUsersReport;
import com.paubox.tracking.dashboard.model.AccountsReport;
import com.paubox.tracking.dashboard.repository.report.AccountUser;
import com.paubox.tracking.dashboard.repository.report.AccountUserPosition;
import com.paubox.tracking.dashboard.repository.report.AnalyticsQuery;
import com.paubox.tracking.dashboard.service.BadParameterException;
import com.paubox.tracking.dashboard.service.QueryParser;
import com.paubox.tracking.dashboard.service.TimeFormat;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** Account health for customer success (docs/dashboard.md "Accounts"). Admin role, audited like every analytics call. */
@Path("/api/admin/analytics/accounts")
@RolesAllowed("${analytics.admin-role}")
@Tag(name = "analytics")
public class AccountsResource {

    /** Rows per page at most. */
    static final int MAX_LIMIT = 500;

    private final AccountsService service;
    private final QueryParser parser;

    public AccountsResource(AccountsService service, QueryParser parser) {
        this.service = service;
        this.parser = parser;
    }

    @GET
    @Produces({ MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV })
    @Operation(summary = "Account health", description = "Every customer with an event in the range or in the previous period (the same number of "
            + "days just before `from`): active (signed-in) users now and before and the change, page views, sessions, active users per ISO week "
            + "of the range (`weeks` names each week's Monday), the users of each key action (ANALYTICS_KEY_ACTIONS, exact) and the adoption "
            + "(users with at least one ÷ active users), the login failure rate, the last event and a status: `dormant` (no event in the range's "
            + "last ANALYTICS_ACCOUNT_DORMANT_DAYS days), `new` (first event ever inside the range), `declining` / `growing` (active users "
            + "changed by at least ANALYTICS_ACCOUNT_DECLINE_PCT / ANALYTICS_ACCOUNT_GROWTH_PCT %, growing also from none), else `steady` — the "
            + "first that applies. Paged by the opaque `next` cursor (also the X-Next-Cursor header, the only place a CSV answer carries it). "
            + "Also answers `Accept: text/csv`.")
    @APIResponse(responseCode = "200", description = "A page of accounts", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountsReport.class),
                    examples = @ExampleObject(name = "accounts", value = """
                            {"weeks":["2026-11-02","2026-11-09"],"key_actions":["send_email_btn","nav_compose"],"rows":[{"customer_id":1042,"status":"declining",
                             "active_users":37,"active_users_previous":52,"active_users_change_pct":-28.8,"page_views":1840,"sessions":212,
                             "weekly_active_users":[31,22],"key_actions":{"send_email_btn":12,"nav_compose":30},"adoption_pct":86.5,
                             "login_failure_rate":0.0412,"last_seen":"2026-11-13T14:02:11Z","estimates":{"active_users":{"method":"exact","rse":0.0,"lower":37,"upper":37},
                             "active_users_previous":{"method":"exact","rse":0.0,"lower":52,"upper":52},"sessions":{"method":"exact","rse":0.0,"lower":212,"upper":212},
                             "weekly_active_users":[{"method":"exact","rse":0.0,"lower":31,"upper":31},{"method":"exact","rse":0.0,"lower":22,"upper":22}]}}],"next":"YWMxOmNoYW5nZTotMjguODoxMDQy"}""")),
            @Content(mediaType = CsvWriter.TEXT_CSV, examples = @ExampleObject(name = "csv", value = """
                    customer_id,status,active_users,active_users_previous,active_users_change_pct,page_views,sessions,adoption_pct,login_failure_rate,last_seen,weekly_active_users,key_action:send_email_btn,key_action:nav_compose\r
                    1042,declining,37,52,-28.8,1840,212,86.5,0.0412,2026-11-13T14:02:11Z,31 22,12,30\r
                    """)) })
    public Uni<AccountsReport> accounts(@Context HttpServerResponse response, @BeanParam FilterParams filters,
            @Parameter(description = "change (default: the biggest drop of active users first) | active_users | page_views | last_seen | adoption "
                    + "(the most first). Rows without the value come last; ties by customer_id.",
                    schema = @Schema(type = SchemaType.STRING, enumeration = { "change", "active_users", "page_views", "last_seen", "adoption" }))
            @QueryParam("sort") String sort,
            @Parameter(description = "Only accounts of these statuses (comma-separated): new, growing, steady, declining, dormant.", example = "declining,dormant")
            @QueryParam("status") String status,
            @Parameter(description = "Rows per page, 1 to 500 (default 100).", example = "50") @QueryParam("limit") String limit,
            @Parameter(description = "The `next` value of the previous page (same sort).") @QueryParam("cursor") String cursor) {
        AnalyticsQuery query = accountsQuery(filters);
        AccountSort order = sort(sort);
        Set<AccountStatus> statuses = statuses(status);
        int pageSize = parser.limit(limit, MAX_LIMIT);
        AccountSort.Position after = AccountCursors.accounts(cursor, order);
        return service.accounts(query, order, statuses, pageSize, after).invoke(page -> {
            if (page.next() != null) {
                response.putHeader(AuditResource.NEXT_CURSOR_HEADER, page.next());
            }
        });
    }

    @GET
    @Path("/{customer_id}/users")
    @Produces({ MediaType.APPLICATION_JSON, CsvWriter.TEXT_CSV })
    @Operation(summary = "An account's users", description = "The customer's signed-in users in the range, exact: the opaque Auth0 `sub` (the only "
            + "identity stored: what a CSM looks up in Auth0), first and last event for this customer inside the range, sessions, page views and "
            + "the key actions done. Last event newest first, then user_sub; paged by the opaque `next` cursor (also X-Next-Cursor). "
            + "Also answers `Accept: text/csv`.")
    @APIResponse(responseCode = "200", description = "A page of users", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountUsersReport.class),
                    examples = @ExampleObject(name = "users", value = """
                            {"key_actions":["send_email_btn","nav_compose"],"rows":[{"user_sub":"auth0|64f1c2d3e4b5a6978812ab34","first_seen":"2026-11-03T09:12:00Z",
                             "last_seen":"2026-11-29T14:02:11Z","sessions":4,"page_views":38,"key_actions":["send_email_btn"]}],"next":null}""")),
            @Content(mediaType = CsvWriter.TEXT_CSV, examples = @ExampleObject(name = "csv", value = """
                    user_sub,first_seen,last_seen,sessions,page_views,key_actions\r
                    auth0|64f1c2d3e4b5a6978812ab34,2026-11-03T09:12:00Z,2026-11-29T14:02:11Z,4,38,send_email_btn\r
                    """)) })
    public Uni<AccountUsersReport> users(@Context HttpServerResponse response,
            @Parameter(description = "The Paubox customer.id.", example = "1042") @PathParam("customer_id") String customerId,
            @BeanParam FilterParams filters,
            @Parameter(description = "Rows per page, 1 to 500 (default 100).", example = "50") @QueryParam("limit") String limit,
            @Parameter(description = "The `next` value of the previous page.") @QueryParam("cursor") String cursor) {
        long customer = customer(customerId);
        AnalyticsQuery query = accountsQuery(filters);
        int pageSize = parser.limit(limit, MAX_LIMIT);
        AccountUserPosition after = AccountCursors.users(cursor);
        List<String> keyActions = service.keyActions();
        return service.users(query, customer, pageSize + 1, after).map(found -> {
            boolean more = found.size() > pageSize;
            List<AccountUser> shown = more ? found.subList(0, pageSize) : found;
            String next = more ? AccountCursors.users(shown.get(shown.size() - 1).position()) : null;
            if (next != null) {
                response.putHeader(AuditResource.NEXT_CURSOR_HEADER, next);
            }
            List<AccountUsersReport.Row> rows = shown.stream().map(u -> new AccountUsersReport.Row(u.userSub(), TimeFormat.format(u.firstSeen(), query.zone()),
                    TimeFormat.format(u.lastSeen(), query.zone()), u.sessions(), u.pageViews(), u.keyActions())).toList();
            return new AccountUsersReport(keyActions, rows, next);
        });
    }

    private AnalyticsQuery accountsQuery(FilterParams filters) {
        return filters.queryWithoutPathPrefix(parser, "accounts");
    }

    private static AccountSort sort(String value) {
        if (value == null || value.isBlank()) {
            return AccountSort.CHANGE;
        }
        AccountSort sort = AccountSort.parse(value.trim());
        if (sort == null) {
            throw new BadParameterException("sort", "sort must be one of change, active_users, page_views, last_seen, adoption");
        }
        return sort;
    }

    private static Set<AccountStatus> statuses(String value) {
        Set<AccountStatus> out = new LinkedHashSet<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String part : value.split(",", -1)) {
            AccountStatus s = AccountStatus.parse(part.trim());
            if (s == null) {
                throw new BadParameterException("status", "status must be one or more (comma-separated) of new, growing, steady, declining, dormant");
            }
            out.add(s);
        }
        return out;
    }

    private static long customer(String value) {
        Long id = QueryParser.customerId(value);
        if (id == null) {
            throw new BadParameterException("customer_id", "customer_id must be a positive integer");
        }
        return id;
    }
}
