package com.paubox.tracking.dashboard.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Most clicked tracked elements (data-pb-track labels). */
public record ClicksReport(List<Row> rows) implements CsvTable {

    /**
     * element is the tag clicked most under the label and top_page_path the page where it was clicked most (ties:
     * the alphabetically first); {@code estimates} says how good unique_users is.
     */
    public record Row(String label, String element, long clicks, long uniqueUsers, String topPagePath, Map<String, Estimate> estimates) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of("label", "element", "clicks", "unique_users", "top_page_path");
    }

    @Override
    public List<List<Object>> csvRows() {
        return rows.stream().map(r -> Arrays.<Object>asList(r.label(), r.element(), r.clicks(), r.uniqueUsers(), r.topPagePath())).toList();
    }
}
