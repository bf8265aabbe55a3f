package com.paubox.tracking.dashboard.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.paubox.tracking.dashboard.model.CsvTable;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

/** Writes a {@link CsvTable} as RFC 4180 CSV: a header row, CRLF line ends, fields quoted when needed. */
@Provider
@Produces(CsvWriter.TEXT_CSV)
public class CsvWriter implements MessageBodyWriter<CsvTable> {

    public static final String TEXT_CSV = "text/csv";

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return CsvTable.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(CsvTable table, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream out) throws IOException, WebApplicationException {
        out.write(toCsv(table).getBytes(StandardCharsets.UTF_8));
    }

    public static String toCsv(CsvTable table) {
        StringBuilder csv = new StringBuilder();
        line(csv, List.copyOf(table.csvHeader()));
        for (List<Object> row : table.csvRows()) {
            line(csv, row);
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<?> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(fields.get(i)));
        }
        csv.append("\r\n");
    }

    /** null is an empty field; a field holding a comma, quote, CR or LF is quoted with its quotes doubled. */
    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
