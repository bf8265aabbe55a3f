package com.paubox.tracking.dashboard.repository;

import java.util.ArrayList;
import java.util.List;

import com.paubox.tracking.dashboard.service.AnalyticsQuery;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The WHERE clause of the shared filters. Only constant SQL fragments are concatenated; every value the
 * caller supplied travels as a bind parameter ($n).
 */
final class SqlFilter {

    private final StringBuilder where = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    private SqlFilter() {
    }

    /**
     * Only the dimension filters (customer, surface, path prefix), for a query over rollup rows and raw events
     * alike; the time bounds are bound by the caller.
     */
    static SqlFilter dims(AnalyticsQuery query) {
        SqlFilter f = new SqlFilter();
        f.where.append("true");
        if (query.customerId() != null) {
            f.where.append(" AND customer_id = ").append(f.bind(query.customerId()));
        }
        if (query.surface() != null) {
            f.where.append(" AND surface = ").append(f.bind(query.surface()));
        }
        if (query.pathPrefix() != null) {
            f.where.append(" AND page_path LIKE ").append(f.bind(likePrefix(query.pathPrefix())));
        }
        return f;
    }

    /** No condition yet: for queries that write their own WHERE clauses and only need the binds. */
    static SqlFilter none() {
        SqlFilter f = new SqlFilter();
        f.where.append("true");
        return f;
    }

    /** Adds a constant condition (never user input). */
    SqlFilter and(String constantCondition) {
        where.append(" AND ").append(constantCondition);
        return this;
    }

    /** Adds a parameter and returns its placeholder. */
    String bind(Object value) {
        params.add(value);
        return "$" + params.size();
    }

    String where() {
        return where.toString();
    }

    Tuple tuple() {
        return Tuple.from(params);
    }

    /** The prefix as a LIKE pattern: its own %, _ and \ match literally. */
    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
