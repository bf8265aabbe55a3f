package com.paubox.tracking.database;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the running service logs at ERROR (JUL SEVERE) or above, e.g. Vert.x's "Unhandled exception"
 * for an exception thrown on an event loop, so a test can assert that nothing went uncaught.
 */
public final class ErrorLog extends Handler implements AutoCloseable {

    private final List<String> errors = new CopyOnWriteArrayList<>();

    private ErrorLog() {
    }

    /** Starts capturing on the root logger; close() stops. */
    public static ErrorLog capture() {
        ErrorLog log = new ErrorLog();
        Logger.getLogger("").addHandler(log);
        return log;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            Throwable thrown = record.getThrown();
            errors.add(record.getLoggerName() + ": " + record.getMessage() + (thrown == null ? "" : " " + thrown));
        }
    }

    /** The ERROR records captured so far (logger, message, exception). */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /**
     * The ERROR records of every logger outside {@code packagePrefix}: with the service's own deliberate ERRORs set
     * aside (e.g. the dashboard's "audit write failed"), what is left went wrong elsewhere, uncaught.
     */
    public List<String> errorsNotFrom(String packagePrefix) {
        return errors.stream().filter(e -> !e.startsWith(packagePrefix)).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
