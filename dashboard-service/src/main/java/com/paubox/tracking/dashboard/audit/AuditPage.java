package com.paubox.tracking.dashboard.audit;

import java.util.ArrayList;
import java.util.List;

import com.paubox.tracking.dashboard.model.CsvTable;

import io.vertx.core.json.JsonObject;

/** A page of the listing, newest first; {@code next} is the opaque cursor of the following page (null on the last). */
public record AuditPage(List<AuditRecord> rows, String next) implements CsvTable {

    @Override
    public List<String> csvHeader() {
        return List.of("id", "seq", "occurred_at", "subject", "method", "endpoint", "query_params", "status", "hash");
    }

    @Override
    public List<List<Object>> csvRows() {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (AuditRecord r : rows) {
            out.add(List.of(r.id(), r.seq(), r.occurredAt().toString(), inert(r.subject()), inert(r.method()), inert(r.endpoint()),
                    new JsonObject(r.queryParams()).encode(), r.status(), r.hash()));
        }
        return out;
    }

    /**
     * Caller-controlled text (a path anyone may request, a token's sub) must not run as a spreadsheet
     * formula when the officer opens the file: a leading = + - @ TAB or CR gets a ' prefix (OWASP CSV injection).
     */
    static Object inert(String text) {
        if (text == null) {
            return "";
        }
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}
