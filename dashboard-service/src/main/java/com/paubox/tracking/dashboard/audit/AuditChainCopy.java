package com.paubox.tracking.dashboard.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Streams a seq range of the chain with PostgreSQL's binary COPY over JDBC (blocking: call it on a worker
 * thread) and hands every row to a {@link Sink} as a view into the received bytes, without decoding the
 * fields into objects: this is what makes the verification fast (the reactive client's row decoding cost
 * about ten times the hashing). Binary COPY frames every field as an int4 length (-1: null) and its bytes,
 * which for the text fields is exactly the chain's encoding (AuditChain), so they are hashed in place.
 */
final class AuditChainCopy {

    /** Columns in the order {@link Row} reads them. */
    private static final String COLUMNS = "seq, id, occurred_at, subject, method, endpoint, query_params::text, status, prev_hash, row_hash";
    private static final int FIELDS = 10;
    private static final byte[] SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0 };
    /** PostgreSQL's timestamptz epoch (2000-01-01 UTC) in µs since 1970-01-01. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    interface Sink {
        void accept(Row row);
    }

    /** One row: offsets into a buffer that is reused for the next rows (copy what must outlive the call). */
    static final class Row {
        byte[] buf;
        final int[] at = new int[FIELDS]; // offset of each field's int4 length
        final int[] len = new int[FIELDS]; // each field's length (-1: null)

        long seq() {
            return fixed(0, 8);
        }

        long id() {
            return fixed(1, 8);
        }

        long occurredAtMicros() {
            return fixed(2, 8) + PG_EPOCH_MICROS;
        }

        void checkStatus() {
            fixed(7, 4);
        }

        int statusAt() {
            return at[7] + 4;
        }

        /** subject, method, endpoint and query_params with their length prefixes: contiguous in COPY. */
        int textsFrom() {
            return at[3];
        }

        int textsTo() {
            return at[7];
        }

        int prevHashAt() {
            return at[8] + 4;
        }

        int prevHashLength() {
            return Math.max(0, len[8]);
        }

        int hashAt() {
            return at[9] + 4;
        }

        int hashLength() {
            return Math.max(0, len[9]);
        }

        private long fixed(int field, int size) {
            if (len[field] != size) {
                throw new IllegalStateException("audit_log column " + field + " has " + len[field] + " bytes, expected " + size);
            }
            return readLong(buf, at[field] + 4, size);
        }
    }

    private final DataSource dataSource;

    AuditChainCopy(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The seq of the oldest remaining row (0 when the table is empty). */
    long firstSeq() throws SQLException {
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement();
                var result = statement.executeQuery("SELECT coalesce(min(seq), 0) FROM audit_log")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Streams the rows with fromSeq &lt;= seq &lt;= upToSeq in chain order into sink; answers the number of rows. */
    long stream(long fromSeq, long upToSeq, Sink sink) throws SQLException {
        String sql = "COPY (SELECT " + COLUMNS + " FROM audit_log WHERE seq >= " + fromSeq + " AND seq <= " + upToSeq
                + " ORDER BY seq) TO STDOUT (FORMAT binary)";
        try (Connection connection = dataSource.getConnection()) {
            CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
            try {
                return parse(copy, sink);
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
    }

    private static long parse(CopyOut copy, Sink sink) throws SQLException {
        Row row = new Row();
        byte[] buf = new byte[1 << 16];
        int start = 0;
        int end = 0;
        boolean header = true;
        long rows = 0;
        byte[] chunk;
        while ((chunk = copy.readFromCopy()) != null) {
            if (end + chunk.length > buf.length) { // compact, and grow if one row needs more
                int kept = end - start;
                byte[] target = kept + chunk.length > buf.length ? new byte[Math.max(buf.length * 2, kept + chunk.length)] : buf;
                System.arraycopy(buf, start, target, 0, kept);
                buf = target;
                start = 0;
                end = kept;
            }
            System.arraycopy(chunk, 0, buf, end, chunk.length);
            end += chunk.length;
            if (header) {
                if (end - start < SIGNATURE.length + 8) {
                    continue;
                }
                if (!Arrays.equals(buf, start, start + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                    throw new IllegalStateException("not a binary COPY stream");
                }
                int extension = (int) readLong(buf, start + SIGNATURE.length + 4, 4);
                if (end - start < SIGNATURE.length + 8 + extension) {
                    continue;
                }
                start += SIGNATURE.length + 8 + extension;
                header = false;
            }
            row.buf = buf;
            while (true) {
                int next = complete(buf, start, end, row);
                if (next < 0) {
                    break;
                }
                if (next == start + 2) { // the trailer (field count -1)
                    start = next;
                    break;
                }
                sink.accept(row);
                rows++;
                start = next;
            }
        }
        return rows;
    }

    /** The offset after the tuple at p with its fields recorded in row, p + 2 for the trailer, or -1 when incomplete. */
    private static int complete(byte[] buf, int p, int end, Row row) {
        if (end - p < 2) {
            return -1;
        }
        int fields = (short) readLong(buf, p, 2);
        if (fields == -1) {
            return p + 2;
        }
        if (fields != FIELDS) {
            throw new IllegalStateException("expected " + FIELDS + " columns, got " + fields);
        }
        p += 2;
        for (int f = 0; f < FIELDS; f++) {
            if (end - p < 4) {
                return -1;
            }
            int length = (int) readLong(buf, p, 4);
            row.at[f] = p;
            row.len[f] = length;
            p += 4 + Math.max(0, length);
            if (p > end) {
                return -1;
            }
        }
        return p;
    }

    /** A big-endian signed number of 2, 4 or 8 bytes. */
    static long readLong(byte[] buf, int at, int size) {
        long value = buf[at]; // sign-extended
        for (int i = 1; i < size; i++) {
            value = (value << 8) | (buf[at + i] & 0xff);
        }
        return value;
    }
}
