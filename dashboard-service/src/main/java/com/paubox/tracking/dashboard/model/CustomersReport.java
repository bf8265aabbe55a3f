package com.paubox.tracking.dashboard.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Activity per Paubox customer (events without a customer_id are left out). */
public record CustomersReport(List<Row> rows) implements CsvTable {

    /** last_seen is the latest event of the customer in the range, in the requested zone's offset. */
    public record Row(long customerId, long pageViews, long uniqueUsers, long sessions, String lastSeen, Map<String, Estimate> estimates) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of("customer_id", "page_views", "unique_users", "sessions", "last_seen");
    }

    @Override
    public List<List<Object>> csvRows() {
        return rows.stream().map(r -> Arrays.<Object>asList(r.customerId(), r.pageViews(), r.uniqueUsers(), r.sessions(), r.lastSeen())).toList();
    }
}
