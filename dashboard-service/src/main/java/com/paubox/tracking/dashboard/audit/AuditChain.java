package com.paubox.tracking.dashboard.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * The audit hash chain: hash = SHA-256(prev_hash ‖ canonical encoding of the row). The rows are chained
 * by PostgreSQL (trigger audit_log_chain, migration V35__audit_chain.sql); this is the independent
 * re-computation the verifier uses. The encoding must stay byte-for-byte identical to audit_log_encode:
 * seq, id, occurred_at (µs since the epoch, UTC) as big-endian int8; subject, method, endpoint and the
 * jsonb text of query_params as int4 UTF-8 length + bytes (null: length -1); status as int4.
 */
public final class AuditChain {

    public static final int HASH_BYTES = 32;
    /** The prev_hash of the first row ever written. */
    public static final byte[] GENESIS = new byte[HASH_BYTES];

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;
    private ByteBuffer buffer = ByteBuffer.allocate(512);
    private final byte[] scratch = new byte[24];

    public AuditChain() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash a row must carry, given its predecessor's hash. Not thread-safe: one instance per verification. */
    public byte[] hash(byte[] prevHash, AuditChainRow row) {
        buffer.clear();
        putLong(row.seq());
        putLong(row.id());
        putLong(row.occurredAtMicros());
        putText(row.subject());
        putText(row.method());
        putText(row.endpoint());
        putText(row.queryParamsJson());
        ensure(4);
        buffer.putInt(row.status());
        sha256.update(prevHash);
        sha256.update(buffer.array(), 0, buffer.position());
        return sha256.digest();
    }

    /**
     * The same hash for a row streamed by binary COPY, written into out (32 bytes): the text fields are
     * hashed straight from the COPY bytes, which already are their encoding (length prefix, -1 for null).
     */
    void hash(byte[] prevHash, AuditChainCopy.Row row, byte[] out) {
        putLong(scratch, 0, row.seq());
        putLong(scratch, 8, row.id());
        putLong(scratch, 16, row.occurredAtMicros());
        row.checkStatus();
        sha256.update(prevHash);
        sha256.update(scratch, 0, 24);
        sha256.update(row.buf, row.textsFrom(), row.textsTo() - row.textsFrom());
        sha256.update(row.buf, row.statusAt(), 4);
        try {
            sha256.digest(out, 0, HASH_BYTES);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long micros(OffsetDateTime time) {
        return Math.addExact(Math.multiplyExact(time.toEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }

    public static String hex(byte[] hash) {
        return hash == null ? null : HEX.formatHex(hash);
    }

    /**
     * The first 6 bytes of a hash as a number (exact in a double, so a Prometheus gauge carries it unchanged):
     * what the head gauge exports and an operator compares.
     */
    public static long prefix48(byte[] hash) {
        long value = 0;
        for (int i = 0; i < 6; i++) {
            value = (value << 8) | (hash[i] & 0xff);
        }
        return value;
    }

    private static void putLong(byte[] target, int at, long value) {
        for (int b = 0; b < 8; b++) {
            target[at + b] = (byte) (value >>> (56 - 8 * b));
        }
    }

    private void putLong(long value) {
        ensure(8);
        buffer.putLong(value);
    }

    private void putText(String text) {
        if (text == null) {
            ensure(4);
            buffer.putInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ensure(4 + bytes.length);
        buffer.putInt(bytes.length);
        buffer.put(bytes);
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }
}
