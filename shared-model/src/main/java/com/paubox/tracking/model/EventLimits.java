package com.paubox.tracking.model;

/** Hard limits of the wire contract (docs/events.md); the JSON Schema states the same numbers. */
public final class EventLimits {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_BATCH_EVENTS = 50;
    public static final int MAX_JSON_DEPTH = 5;
    public static final int MAX_JSON_STRING_CHARS = 4096;
    public static final int MAX_JSON_NUMBER_CHARS = 20;
    public static final int MAX_PATH_CHARS = 1024;
    public static final int MAX_USER_SUB_CHARS = 128;
    /** A compact JWS; the JSON string limit, so a longer token is named by its field (EventRequestReader). */
    public static final int MAX_IDENTITY_TOKEN_CHARS = MAX_JSON_STRING_CHARS;
    public static final int MAX_LABEL_CHARS = 128;
    public static final int MAX_ERROR_CODE_CHARS = 64;
    public static final int MAX_SESSION_COUNT = 1_000_000;
    public static final int MAX_DURATION_MS = 86_400_000;
    public static final int MAX_PROPERTIES = 20;
    public static final int MAX_PROPERTY_KEY_CHARS = 64;
    public static final int MAX_PROPERTY_VALUE_CHARS = 256;
    /** Top-level properties plus one nested object. */
    public static final int MAX_PROPERTY_DEPTH = 2;

    private EventLimits() {
    }
}
