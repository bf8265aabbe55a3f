package com.paubox.tracking.ingest.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a minimal MaxMind DB (IPv4, one network, 24-bit records) so the flat @ip-location-db schema can
 * be tested without shipping a 60 MB file. Format: https://maxmind.github.io/MaxMind-DB/
 */
final class TinyMmdb {

    private TinyMmdb() {
    }

    static void write(Path file, String databaseType, byte[] network, int prefixLength, Map<String, String> record)
            throws IOException {
        int nodeCount = prefixLength;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Search tree: node k follows bit k of the network; the other branch has no data (= nodeCount).
        for (int k = 0; k < prefixLength; k++) {
            int bit = (network[k / 8] >> (7 - k % 8)) & 1;
            int onPath = k + 1 < prefixLength ? k + 1 : nodeCount + 16; // last: pointer to data offset 0
            int left = bit == 0 ? onPath : nodeCount;
            int right = bit == 1 ? onPath : nodeCount;
            write24(out, left);
            write24(out, right);
        }
        out.write(new byte[16]); // data section separator
        out.write(encode(record));
        out.write(new byte[] { (byte) 0xAB, (byte) 0xCD, (byte) 0xEF });
        out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", new U16(2));
        metadata.put("binary_format_minor_version", new U16(0));
        metadata.put("build_epoch", new U64(1_764_000_000L));
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.of("en", "test"));
        metadata.put("ip_version", new U16(4));
        metadata.put("languages", List.of("en"));
        metadata.put("node_count", new U32(nodeCount));
        metadata.put("record_size", new U16(24));
        out.write(encode(metadata));
        Files.write(file, out.toByteArray());
    }

    record U16(int value) {
    }

    record U32(long value) {
    }

    record U64(long value) {
    }

    private static void write24(ByteArrayOutputStream out, int value) {
        out.write(value >> 16 & 0xff);
        out.write(value >> 8 & 0xff);
        out.write(value & 0xff);
    }

    private static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.write(2 << 5 | bytes.length); // < 29 bytes
            out.writeBytes(bytes);
        } else if (value instanceof U16 u) {
            writeUnsigned(out, 5 << 5, u.value(), -1);
        } else if (value instanceof U32 u) {
            writeUnsigned(out, 6 << 5, u.value(), -1);
        } else if (value instanceof U64 u) {
            writeUnsigned(out, 0, u.value(), 9 - 7);
        } else if (value instanceof Map<?, ?> map) {
            out.write(7 << 5 | map.size());
            map.forEach((k, v) -> {
                out.writeBytes(encode(k));
                out.writeBytes(encode(v));
            });
        } else if (value instanceof List<?> list) {
            out.write(list.size());
            out.write(11 - 7);
            list.forEach(v -> out.writeBytes(encode(v)));
        } else {
            throw new IllegalArgumentException(String.valueOf(value));
        }
        return out.toByteArray();
    }

    private static void writeUnsigned(ByteArrayOutputStream out, int typeBits, long value, int extendedType) {
        int n = 0;
        for (long v = value; v != 0; v >>>= 8) {
            n++;
        }
        out.write(typeBits | n);
        if (extendedType >= 0) {
            out.write(extendedType);
        }
        for (int i = n - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
