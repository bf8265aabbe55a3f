package com.paubox.tracking.dashboard.audit;

import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Appends to audit_log (HIPAA §164.312(b)). */
@ApplicationScoped
public class AuditRepository {

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(AuditEntry entry) {
        return pool.preparedQuery("INSERT INTO audit_log (subject, method, endpoint, query_params, status) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(entry.subject(), entry.method(), entry.endpoint(), toJson(entry.queryParams()), entry.status()))
                .replaceWithVoid();
    }

    /** A parameter given once is a string, given several times an array of strings. */
    static JsonObject toJson(Map<String, List<String>> params) {
        JsonObject json = new JsonObject();
        params.forEach((name, values) -> json.put(name, values.size() == 1 ? values.get(0) : new JsonArray(List.copyOf(values))));
        return json;
    }
}
