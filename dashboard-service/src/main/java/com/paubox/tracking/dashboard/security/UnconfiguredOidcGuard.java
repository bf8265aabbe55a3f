package com.paubox.tracking.dashboard.security;

import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Always answers "use the default tenant" (quarkus.oidc.*). Its mere presence changes one thing: when
 * quarkus.oidc.auth-server-url is not set, quarkus-oidc disables the default tenant instead of failing
 * startup, so the service starts (health UP) and, with no way to verify a token, refuses every API call
 * with 401. No key and no issuer is built in.
 */
@ApplicationScoped
public class UnconfiguredOidcGuard implements TenantConfigResolver {

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext routingContext, OidcRequestContext<OidcTenantConfig> requestContext) {
        return Uni.createFrom().nullItem();
    }
}
