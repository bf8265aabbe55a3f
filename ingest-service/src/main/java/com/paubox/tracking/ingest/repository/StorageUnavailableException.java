package com.paubox.tracking.ingest.repository;

/** The events of a request were not stored (queue full, database down, shutting down): answer 503. */
public class StorageUnavailableException extends RuntimeException {

    private final String reason;

    public StorageUnavailableException(String reason, Throwable cause) {
        super(reason, cause, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
