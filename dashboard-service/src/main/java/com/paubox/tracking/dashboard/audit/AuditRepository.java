package com.paubox.tracking.dashboard.audit;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * audit_log (HIPAA §164.312(b)): appends, the chain head, the listing and retention (the verifier
 * streams the chain itself: AuditChainCopy). The database chains every inserted row (trigger audit_log_chain): the insert
 * stays one statement, so it costs one round trip like before the chain.
 */
@ApplicationScoped
public class AuditRepository {

    /** Advisory lock of the retention run (one replica at a time); "pbtrack" audit retention. */
    static final long RETENTION_LOCK_KEY = 0x7062_7472_6163_6b03L;

    /** The last row of the chain. */
    public record Head(long seq, long id, byte[] hash) {
    }

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(AuditEntry entry) {
        return pool.preparedQuery("INSERT INTO audit_log (subject, method, endpoint, query_params, status) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(entry.subject(), entry.method(), entry.endpoint(), toJson(entry.queryParams()), entry.status()))
                .replaceWithVoid();
    }

    /** The head, or null when the table is empty. */
    public Uni<Head> head() {
        return pool.query("SELECT seq, id, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1").execute()
                .map(rows -> rows.size() == 0 ? null : toHead(rows.iterator().next()));
    }

    /** The hash stored at one position of the chain, or null when no row holds it. */
    public Uni<Head> at(long seq) {
        return pool.preparedQuery("SELECT seq, id, row_hash FROM audit_log WHERE seq = $1").execute(Tuple.of(seq))
                .map(rows -> rows.size() == 0 ? null : toHead(rows.iterator().next()));
    }

    /** Newest first; one row more than asked, so the caller knows whether there is a next page. */
    public Uni<List<AuditRecord>> list(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT id, seq, occurred_at, subject, method, endpoint, query_params, status, row_hash FROM audit_log WHERE true");
        Tuple args = Tuple.tuple();
        if (q.from() != null) {
            args.addOffsetDateTime(q.from());
            sql.append(" AND occurred_at >= $").append(args.size());
        }
        if (q.to() != null) {
            args.addOffsetDateTime(q.to());
            sql.append(" AND occurred_at < $").append(args.size());
        }
        if (q.subject() != null) {
            args.addString(q.subject());
            sql.append(" AND subject = $").append(args.size());
        }
        if (q.status() != null) {
            args.addInteger(q.status());
            sql.append(" AND status = $").append(args.size());
        }
        if (q.endpointPrefix() != null) {
            // matched literally: LIKE's wildcards and escape are escaped
            args.addString(q.endpointPrefix().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            sql.append(" AND endpoint LIKE $").append(args.size());
        }
        if (q.beforeId() != null) {
            args.addLong(q.beforeId());
            sql.append(" AND id < $").append(args.size());
        }
        args.addInteger(q.limit() + 1);
        sql.append(" ORDER BY id DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<AuditRecord> records = new ArrayList<>(rows.size());
            for (Row r : rows) {
                records.add(new AuditRecord(r.getLong("id"), r.getLong("seq"), r.getOffsetDateTime("occurred_at"), r.getString("subject"),
                        r.getString("method"), r.getString("endpoint"), ((JsonObject) r.getValue("query_params")).getMap(), r.getInteger("status"),
                        AuditChain.hex(r.getBuffer("row_hash").getBytes())));
            }
            return records;
        });
    }

    /**
     * Deletes the rows older than {@code keepFrom}, but only as a prefix of the chain (every row before the
     * first one still kept) and never the head, so that what remains is one unbroken chain. Runs on one
     * replica at a time (advisory lock); answers -1 when another replica holds it.
     */
    public Uni<Long> deleteBefore(OffsetDateTime keepFrom) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(RETENTION_LOCK_KEY))
                .flatMap(locked -> !locked.iterator().next().getBoolean("locked") ? Uni.createFrom().item(-1L)
                        : conn.preparedQuery("DELETE FROM audit_log WHERE seq < least("
                                + "(SELECT min(seq) FROM audit_log WHERE occurred_at >= $1), (SELECT max(seq) FROM audit_log))")
                                .execute(Tuple.of(keepFrom)).map(rows -> (long) rows.rowCount())));
    }

    private static Head toHead(Row r) {
        return new Head(r.getLong("seq"), r.getLong("id"), r.getBuffer("row_hash").getBytes());
    }

    /** A parameter given once is a string, given several times an array of strings. */
    static JsonObject toJson(Map<String, List<String>> params) {
        JsonObject json = new JsonObject();
        params.forEach((name, values) -> json.put(name, values.size() == 1 ? values.get(0) : new JsonArray(List.copyOf(values))));
        return json;
    }
}
