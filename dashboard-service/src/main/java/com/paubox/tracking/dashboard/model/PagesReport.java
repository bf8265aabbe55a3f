package com.paubox.tracking.dashboard.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Most viewed pages. */
public record PagesReport(List<Row> rows) implements CsvTable {

    /** views and unique_users count page_view events; avg_visible_ms averages time_on_page events of the path. */
    public record Row(String pagePath, long views, long uniqueUsers, Long avgVisibleMs, Map<String, Estimate> estimates) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of("page_path", "views", "unique_users", "avg_visible_ms");
    }

    @Override
    public List<List<Object>> csvRows() {
        return rows.stream().map(r -> Arrays.<Object>asList(r.pagePath(), r.views(), r.uniqueUsers(), r.avgVisibleMs())).toList();
    }
}
