package com.paubox.tracking.dashboard.model;

import java.util.List;

/** A report that can also be answered as {@code text/csv}: one header row, then one row per item. */
public interface CsvTable {

    List<String> csvHeader();

    List<List<Object>> csvRows();
}
