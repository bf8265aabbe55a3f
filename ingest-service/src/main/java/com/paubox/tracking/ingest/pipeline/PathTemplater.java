package com.paubox.tracking.ingest.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collapses path segments that identify a record into a placeholder, so /patients/48213/messages aggregates
 * as /patients/:id/messages and no record id is stored. Rules (each configurable): digit-only segments, a
 * long digit run anywhere in a segment, calendar dates, UUIDs, e-mail-like segments, hex ids and token-like runs that mix
 * letters and digits or switch case like base64. Segments are checked character by character (plus the
 * operator's own anchored patterns), so the cost is linear in the path length.
 */
public final class PathTemplater {

    /** A calendar date inside a segment (a date of birth or visit is PHI): 1984-03-07, 03-07-1984. */
    private static final Pattern DATE = Pattern.compile(
            "(?<![0-9])(?:[0-9]{4}-[01][0-9]-[0-3][0-9]|[01][0-9]-[0-3][0-9]-[0-9]{4})(?![0-9])");

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

    private final String placeholder;
    private final int numericMinDigits;
    private final int digitRunMin;
    private final int tokenMinLength;
    private final List<Pattern> extraPatterns;
    private final Set<String> keep;

    public PathTemplater(String placeholder, int numericMinDigits, int digitRunMin, int tokenMinLength,
            List<String> extraPatterns, Set<String> keep) {
        this.placeholder = placeholder;
        this.numericMinDigits = numericMinDigits;
        this.digitRunMin = digitRunMin;
        this.tokenMinLength = tokenMinLength;
        List<Pattern> compiled = new ArrayList<>();
        for (String p : extraPatterns) {
            compiled.add(Pattern.compile(p));
        }
        this.extraPatterns = List.copyOf(compiled);
        this.keep = Set.copyOf(keep);
    }

    /** The defaults: ":id", any digit-only segment, 6+ digit runs, 16+ char tokens. */
    public static PathTemplater defaults() {
        return new PathTemplater(":id", 1, 6, 16, List.of(), Set.of());
    }

    /** Templates a path that has already lost its query string and fragment. */
    public String template(String path) {
        StringBuilder out = new StringBuilder(path.length());
        int start = 0;
        int templated = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String segment = path.substring(start, end);
            int matrix = segment.indexOf(';');
            if (matrix >= 0) {
                // Matrix parameters (;jsessionid=...) are query strings by another name.
                segment = segment.substring(0, matrix);
                templated++;
            }
            if (isRecordId(segment)) {
                out.append(placeholder);
                templated++;
            } else {
                out.append(segment);
            }
            if (slash < 0) {
                break;
            }
            out.append('/');
            start = slash + 1;
        }
        return templated == 0 ? path : out.toString();
    }

    /** Whether one path segment identifies a record. */
    public boolean isRecordId(String segment) {
        if (segment.isEmpty() || segment.equals(placeholder) || keep.contains(segment)) {
            return false;
        }
        if (segment.indexOf('@') >= 0) {
            return true; // e-mail-like (one the PII scrubber could not parse, e.g. user@localhost)
        }
        int digits = 0;
        int run = 0;
        int longestRun = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                run++;
                longestRun = Math.max(longestRun, run);
            } else {
                run = 0;
            }
        }
        if (digits == segment.length() && digits >= numericMinDigits) {
            return true;
        }
        if (longestRun >= digitRunMin) {
            return true;
        }
        if (digits >= 8 && DATE.matcher(segment).find()) {
            return true;
        }
        if (segment.length() >= 32 && UUID.matcher(segment).find()) {
            return true;
        }
        if (hasTokenPiece(segment)) {
            return true;
        }
        for (Pattern p : extraPatterns) {
            if (p.matcher(segment).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Looks at each maximal alphanumeric piece of the segment (my-a8f3k2m9x7 has pieces my and a8f3k2m9x7). */
    private boolean hasTokenPiece(String segment) {
        int i = 0;
        while (i < segment.length()) {
            while (i < segment.length() && !isAsciiAlnum(segment.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < segment.length() && isAsciiAlnum(segment.charAt(i))) {
                i++;
            }
            if (i - start >= 8 && isToken(segment, start, i)) {
                return true;
            }
        }
        return false;
    }

    private boolean isToken(String s, int from, int to) {
        int len = to - from;
        int digits = 0;
        int upper = 0;
        int lower = 0;
        int hex = 0;
        int letterDigitSwitches = 0;
        int caseSwitches = 0;
        int prevKind = -1; // 0 digit, 1 upper, 2 lower
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int kind = c <= '9' ? 0 : c <= 'Z' ? 1 : 2;
            if (kind == 0) {
                digits++;
            } else if (kind == 1) {
                upper++;
            } else {
                lower++;
            }
            if (kind == 0 || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                hex++;
            }
            if (prevKind >= 0 && kind != prevKind) {
                if (kind == 0 || prevKind == 0) {
                    letterDigitSwitches++;
                } else {
                    caseSwitches++;
                }
            }
            prevKind = kind;
        }
        int letters = upper + lower;
        // Hex ids (object ids, hashes): 12+ hex characters with at least one digit and one letter.
        if (hex == len && len >= 12 && digits > 0 && letters > 0) {
            return true;
        }
        // Random-looking mixes: a8f3k2m9, x7Hq92Lm (html5, win32app, oauth2callback switch at most twice).
        if (digits >= 2 && letters >= 2 && letterDigitSwitches >= 3) {
            return true;
        }
        // Long tokens: 16+ characters with digits, or base64-like case switching (GettingStartedGuide switches rarely).
        if (len >= tokenMinLength && digits >= 2 && letters >= 2 && letterDigitSwitches >= 2) {
            return true;
        }
        return len >= tokenMinLength && upper >= 2 && lower >= 2 && caseSwitches * 3 >= len;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
