package com.paubox.tracking.dashboard.rest;

import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.paubox.tracking.dashboard.model.Erasure;
import com.paubox.tracking.dashboard.repository.ErasureRepository;
import com.paubox.tracking.dashboard.service.AnalyticsService;
import com.paubox.tracking.dashboard.service.BadParameterException;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Right to erasure: removes every stored event of one Auth0 subject. Audited like every call. */
@Path("/api/admin/analytics/users")
@RolesAllowed("${analytics.admin-role}")
@Tag(name = "erasure", description = "Right to erasure")
public class UserErasureResource {

    private static final Pattern SUB = Pattern.compile("\\S{1,128}");

    private final ErasureRepository repository;
    private final Cache answers;

    public UserErasureResource(ErasureRepository repository, @CacheName(AnalyticsService.CACHE) Cache answers) {
        this.repository = repository;
        this.answers = answers;
    }

    @DELETE
    @Path("/{sub}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Erase a user's events", description = "Deletes every event whose user_sub is {sub} (URL-encode it: "
            + "auth0|abc → auth0%7Cabc) and answers with the number of rows removed. Idempotent: a second call removes 0.")
    @APIResponse(responseCode = "200", description = "Rows removed", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Erasure.class), examples = @ExampleObject(name = "erased", value = """
                    {"user_sub":"auth0|64f1c2d3e4b5a6978812ab34","deleted":42}""")))
    @APIResponse(responseCode = "400", description = "sub is blank, holds whitespace or is longer than 128 characters",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"), examples = @ExampleObject(name = "too long",
                    value = """
                            {"type":"about:blank","title":"Bad parameter","status":400,"detail":"sub must be 1 to 128 characters without whitespace","field":"sub"}""")))
    public Uni<Erasure> erase(@Parameter(description = "Auth0 subject", example = "auth0|64f1c2d3e4b5a6978812ab34") @PathParam("sub") String sub) {
        if (sub == null || !SUB.matcher(sub).matches()) {
            throw new BadParameterException("sub", "sub must be 1 to 128 characters without whitespace");
        }
        // Emptied after the delete committed, so no answer computed before it outlives the erasure here.
        return repository.deleteUser(sub).call(n -> answers.invalidateAll()).map(n -> new Erasure(sub, n));
    }
}
