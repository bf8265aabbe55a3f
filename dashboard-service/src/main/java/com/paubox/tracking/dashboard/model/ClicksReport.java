package com.paubox.tracking.dashboard.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Most clicked tracked elements (data-pb-track labels). */
public record ClicksReport(List<Row> rows) implements CsvTable {

    /** top_page_path is the page where the label was clicked most (ties: the alphabetically first path). */
    public record Row(String label, long clicks, long uniqueUsers, String topPagePath, Map<String, Estimate> estimates) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of("label", "clicks", "unique_users", "top_page_path");
    }

    @Override
    public List<List<Object>> csvRows() {
        return rows.stream().map(r -> Arrays.<Object>asList(r.label(), r.clicks(), r.uniqueUsers(), r.topPagePath())).toList();
    }
}
