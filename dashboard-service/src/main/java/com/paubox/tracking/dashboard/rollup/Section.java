package com.paubox.tracking.dashboard.rollup;

/**
 * A page path's section: the path up to and including its second '/' ("/messages/inbox" → "/messages/"), or the whole
 * path when it has none ("/messages", "/"). The sections rollup and the per-user session rows know paths only by section,
 * which answers every path prefix an administrator filters a section by: a prefix with no '/' after its first
 * character except, optionally, its last ("/messages", "/mess", "/messages/"). For such a prefix a path starts with
 * it exactly when the path's section does, so summing the sections that start with the prefix is exact.
 */
public final class Section {

    private Section() {
    }

    public static String of(String pagePath) {
        int second = pagePath.indexOf('/', 1);
        return second < 0 ? pagePath : pagePath.substring(0, second + 1);
    }

    /** Whether sections answer this path prefix exactly (see the class comment). */
    public static boolean answers(String pathPrefix) {
        int second = pathPrefix.indexOf('/', 1);
        return second < 0 || second == pathPrefix.length() - 1;
    }
}
