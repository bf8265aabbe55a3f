package com.paubox.tracking.model;

/** A request body that breaks the contract; {@code field} is the wire path (e.g. {@code events[1].type}). */
public class InvalidEventException extends Exception {

    private final String field;
    private final int status;

    public InvalidEventException(String field, String detail, int status) {
        super(detail, null, false, false);
        this.field = field;
        this.status = status;
    }

    public String field() {
        return field;
    }

    /** 400, or 413 when a size limit is exceeded. */
    public int status() {
        return status;
    }
}
