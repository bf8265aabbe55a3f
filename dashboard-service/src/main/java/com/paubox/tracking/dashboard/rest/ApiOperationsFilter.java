package com.paubox.tracking.dashboard.rest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Completes every /api/ operation of the OpenAPI document, endpoints added later included (mp.openapi.filter, run
 * at build time):
 * <ul>
 * <li>the error answers every API call can get, defined once in META-INF/openapi.yaml: 401, 403, 503, and 400 (a
 * bad parameter) where the operation takes parameters. An operation's own answer with content (a more specific
 * 400) is kept; the bare 400/401/403 SmallRye adds by itself are replaced;</li>
 * <li>its bearer requirement without scopes: SmallRye copies {@code @RolesAllowed("${analytics.admin-role}")}
 * unresolved, and the role is runtime configuration (ANALYTICS_ADMIN_ROLE), described in info.</li>
 * </ul>
 */
public class ApiOperationsFilter implements OASFilter {

    private static final Map<String, String> SHARED = new TreeMap<>(Map.of("400", "BadParameter", "401", "Unauthorized",
            "403", "Forbidden", "503", "Unavailable"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/") && item.getOperations() != null) {
                item.getOperations().values().forEach(operation -> {
                    addErrorAnswers(item, operation);
                    dropScopes(operation);
                });
            }
        });
    }

    private static void addErrorAnswers(PathItem item, Operation operation) {
        boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty()
                || item.getParameters() != null && !item.getParameters().isEmpty();
        // Sorted by status, so the document is the same on every build (docs/openapi/ is compared with it).
        Map<String, APIResponse> responses = new TreeMap<>(operation.getResponses().getAPIResponses());
        SHARED.forEach((status, name) -> {
            APIResponse own = responses.get(status);
            if ("400".equals(status) && !hasParameters) {
                return; // nothing to get wrong
            }
            if (own == null || own.getRef() == null && own.getContent() == null) {
                responses.put(status, OASFactory.createAPIResponse().ref(name));
            }
        });
        operation.getResponses().setAPIResponses(responses);
    }

    private static void dropScopes(Operation operation) {
        if (operation.getSecurity() == null) {
            return;
        }
        operation.setSecurity(operation.getSecurity().stream().map(requirement -> {
            SecurityRequirement bare = OASFactory.createSecurityRequirement();
            requirement.getSchemes().keySet().forEach(scheme -> bare.addScheme(scheme, List.of()));
            return bare;
        }).toList());
    }
}
