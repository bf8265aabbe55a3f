package com.paubox.tracking.dashboard.service;

/** A query parameter the API refuses; answered as a 400 problem naming {@link #field()}. */
public class BadParameterException extends RuntimeException {

    private final String field;

    public BadParameterException(String field, String detail) {
        super(detail, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
