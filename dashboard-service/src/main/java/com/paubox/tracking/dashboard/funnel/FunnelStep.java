package com.paubox.tracking.dashboard.funnel;

import com.paubox.tracking.dashboard.service.BadParameterException;

/**
 * One step of a funnel, as the {@code step} parameter writes it: {@code page:<path>} (a page view of exactly that
 * path), {@code page:<prefix>*} (a page view of any path starting with the prefix) or {@code click:<label>} (a click on
 * that {@code data-pb-track} label).
 */
public record FunnelStep(Kind kind, String value, boolean prefix) {

    public enum Kind {
        PAGE, CLICK
    }

    static final int MAX_CHARS = 1024;

    /** The step as written in the request (and in the answer). */
    public String wire() {
        return (kind == Kind.PAGE ? "page:" : "click:") + value + (prefix ? "*" : "");
    }

    /** Parses one {@code step} value; a bad one is a 400 naming {@code step}. */
    public static FunnelStep parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw bad("a step must not be empty (page:<path>, page:<prefix>* or click:<label>)");
        }
        String text = raw.trim();
        if (text.length() > MAX_CHARS || text.indexOf('\u0000') >= 0) {
            throw bad("a step holds at most " + MAX_CHARS + " characters (no NUL)");
        }
        if (text.startsWith("page:")) {
            String path = text.substring("page:".length());
            boolean prefix = path.endsWith("*");
            if (prefix) {
                path = path.substring(0, path.length() - 1);
            }
            if (!path.startsWith("/") || path.contains("*")) {
                throw bad("a page step is page:<path> or page:<prefix>* with a path starting with / (" + text + ")");
            }
            return new FunnelStep(Kind.PAGE, path, prefix);
        }
        if (text.startsWith("click:")) {
            String label = text.substring("click:".length());
            if (label.isEmpty()) {
                throw bad("a click step names a label: click:<label> (" + text + ")");
            }
            return new FunnelStep(Kind.CLICK, label, false);
        }
        throw bad("a step is page:<path>, page:<prefix>* or click:<label>, not " + text);
    }

    private static BadParameterException bad(String detail) {
        return new BadParameterException("step", detail);
    }
}
