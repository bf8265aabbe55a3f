package com.paubox.tracking.dashboard.audit;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.paubox.tracking.dashboard.rest.Problem;
import com.paubox.tracking.dashboard.rest.ProblemMappers;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * Writes one audit_log row per API request — allowed, refused (401/403) or failed — and holds the response
 * until the row is committed. If the row cannot be written the caller gets 503 and no data.
 * (Authentication is not proactive, so refusals also come through the REST layer and this filter.)
 */
public class AuditFilter {

    private static final Logger LOG = Logger.getLogger(AuditFilter.class);
    private static final String API_PREFIX = "/api/";

    private final AuditRepository repository;
    private final CurrentIdentityAssociation identity;

    public AuditFilter(AuditRepository repository, CurrentIdentityAssociation identity) {
        this.repository = repository;
        this.identity = identity;
    }

    @ServerResponseFilter
    public Uni<Void> audit(ContainerRequestContext request, ContainerResponseContext response) {
        String path = "/" + stripLeadingSlash(request.getUriInfo().getPath());
        if (!path.startsWith(API_PREFIX)) {
            return Uni.createFrom().voidItem();
        }
        Map<String, List<String>> params = new LinkedHashMap<>(request.getUriInfo().getQueryParameters());
        return subject()
                .flatMap(subject -> repository.insert(new AuditEntry(subject, request.getMethod(), path, params, response.getStatus())))
                .onFailure().recoverWithItem(e -> {
                    // Not the path: DELETE /users/{sub} holds the subject being erased.
                    LOG.errorf("audit write failed, refusing to answer a %s request: %s", request.getMethod(), ProblemMappers.summary(e));
                    response.setStatus(503);
                    response.getHeaders().putSingle("Retry-After", "5");
                    response.setEntity(new Problem("about:blank", "Service Unavailable", 503, "the request could not be audited", null),
                            null, jakarta.ws.rs.core.MediaType.valueOf(Problem.MEDIA_TYPE));
                    return null;
                });
    }

    /** The token's sub; null when unauthenticated or the token was refused. */
    private Uni<String> subject() {
        return identity.getDeferredIdentity()
                .map(AuditFilter::subjectOf)
                .onFailure().recoverWithNull();
    }

    private static String subjectOf(SecurityIdentity id) {
        if (id == null || id.isAnonymous()) {
            return null;
        }
        Principal principal = id.getPrincipal();
        if (principal instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return principal == null ? null : principal.getName();
    }

    private static String stripLeadingSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
