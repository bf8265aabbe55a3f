package com.paubox.tracking.ingest.pipeline;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces e-mail addresses, US SSNs, payment card numbers and US phone numbers in free text with fixed
 * placeholders. Linear time: e-mails are found by scanning around each '@' (no regex that could
 * backtrack), the digit patterns are bounded and anchored on digit boundaries.
 */
public final class PiiScrubber {

    public static final String EMAIL = "[email]";
    public static final String SSN = "[ssn]";
    public static final String CARD = "[card]";
    public static final String PHONE = "[phone]";

    /** 13-19 digits, single spaces or dashes allowed between digits; Luhn decides. */
    private static final Pattern CARD_CANDIDATE = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");

    /** AAA-GG-SSSS or with spaces; invalid areas (000, 666, 9xx), groups (00) and serials (0000) are not SSNs. */
    private static final Pattern SSN_PATTERN = Pattern.compile(
            "(?<![0-9A-Za-z-])(?!000|666|9[0-9]{2})[0-9]{3}([- ])(?!00)[0-9]{2}\\1(?!0000)[0-9]{4}(?![0-9A-Za-z-])");

    /**
     * NANP numbers with separators, parentheses or a +1 prefix: (555) 234-5678, 555-234-5678, 555.234.5678,
     * +1 555 234 5678, +15552345678. Area code and exchange start with 2-9. Ten bare digits are not matched
     * here (too many order numbers look like that); path templating collapses them in paths.
     */
    private static final Pattern PHONE_PATTERN = Pattern.compile(
            "(?<![0-9A-Za-z])(?:"
                    + "(?:\\+1[ .-]?)?\\([2-9][0-9]{2}\\)[ .-]?[2-9][0-9]{2}[ .-][0-9]{4}"
                    + "|(?:\\+1[ .-]?|1[ .-])?[2-9][0-9]{2}([ .-])[2-9][0-9]{2}\\1[0-9]{4}"
                    + "|\\+1[2-9][0-9]{2}[2-9][0-9]{6}"
                    + ")(?![0-9A-Za-z])");

    /** What one scrub replaced, for metrics. */
    public record Result(String text, int emails, int ssns, int cards, int phones) {
        public boolean changed() {
            return emails + ssns + cards + phones > 0;
        }
    }

    public String scrub(String text) {
        return scrubCounting(text).text();
    }

    public Result scrubCounting(String text) {
        if (text == null || text.isEmpty()) {
            return new Result(text, 0, 0, 0, 0);
        }
        int[] counts = new int[4];
        String out = replaceEmails(reveal(text), counts);
        if (hasDigits(out)) {
            out = replaceCards(out, counts);
            out = replaceAll(SSN_PATTERN, out, SSN, counts, 1);
            out = replaceAll(PHONE_PATTERN, out, PHONE, counts, 3);
        }
        return new Result(out, counts[0], counts[1], counts[2], counts[3]);
    }

    /**
     * PII hidden from the ASCII patterns is revealed first: compatibility forms are folded (NFKC: full-width
     * digits and '@', ligatures), invisible format characters (zero-width space/joiners, word joiner, BOM, soft
     * hyphen, bidi marks) are removed and any other decimal digit becomes its ASCII digit. Pure-ASCII text,
     * the common case, is returned as is without allocating.
     */
    static String reveal(String text) {
        boolean ascii = true;
        for (int i = 0; i < text.length() && ascii; i++) {
            ascii = text.charAt(i) < 128;
        }
        if (ascii) {
            return text;
        }
        String folded = Normalizer.isNormalized(text, Normalizer.Form.NFKC) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length();) {
            int cp = folded.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.FORMAT) {
                continue;
            }
            if (cp >= 128 && Character.isDigit(cp)) {
                out.append((char) ('0' + Character.digit(cp, 10)));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** True when a number (as a JSON property value) is a card number. */
    public static boolean isCardNumber(String digits) {
        return digits.length() >= 13 && digits.length() <= 19 && luhn(digits);
    }

    private static boolean hasDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static String replaceAll(Pattern pattern, String text, String placeholder, int[] counts, int slot) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            out.append(text, last, m.start()).append(placeholder);
            counts[slot]++;
            last = m.end();
        } while (m.find());
        return out.append(text, last, text.length()).toString();
    }

    private static String replaceCards(String text, int[] counts) {
        Matcher m = CARD_CANDIDATE.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String digits = m.group().replace(" ", "").replace("-", "");
            if (luhn(digits)) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, last, m.start()).append(CARD);
                counts[2]++;
                last = m.end();
            }
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    // ---- e-mail: local@domain.tld, found around each '@' (or its percent-encoding %40) ----

    private static String replaceEmails(String text, int[] counts) {
        if (text.indexOf('@') < 0 && !text.contains("%40")) {
            return text;
        }
        StringBuilder out = null;
        int last = 0;
        int i = 0;
        while (i < text.length()) {
            int atLen = atSignLength(text, i);
            if (atLen == 0) {
                i++;
                continue;
            }
            int start = i;
            // Bounded (RFC 5321: local part <= 64, domain <= 255) so many '@' cannot cost quadratic time.
            int floor = Math.max(last, i - 64);
            while (start > floor && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            int domainEnd = domainEnd(text, i + atLen);
            if (start < i && domainEnd > 0) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, last, start).append(EMAIL);
                counts[0]++;
                last = domainEnd;
                i = domainEnd;
            } else {
                i += atLen;
            }
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    private static int atSignLength(String text, int i) {
        char c = text.charAt(i);
        if (c == '@') {
            return 1;
        }
        if (c == '%' && i + 2 < text.length() && text.charAt(i + 1) == '4' && text.charAt(i + 2) == '0') {
            return 3;
        }
        return 0;
    }

    /** End of a domain with at least one dot and an alphabetic TLD of 2+ letters, or -1. */
    private static int domainEnd(String text, int from) {
        int end = from;
        int limit = Math.min(text.length(), from + 255);
        while (end < limit && isDomainChar(text.charAt(end))) {
            end++;
        }
        // Trailing dots and dashes are punctuation, not part of the domain.
        while (end > from && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
            end--;
        }
        int lastDot = -1;
        for (int k = end - 1; k > from; k--) {
            if (text.charAt(k) == '.') {
                lastDot = k;
                break;
            }
        }
        if (lastDot <= from || end - lastDot - 1 < 2) {
            return -1;
        }
        for (int k = lastDot + 1; k < end; k++) {
            if (!Character.isLetter(text.charAt(k))) {
                return -1;
            }
        }
        return end;
    }

    private static boolean isLocalChar(char c) {
        // Non-ASCII letters count too: internationalised addresses, and Latin look-alikes (Cyrillic 'а') hiding one.
        return c < 128 ? Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\''
                : Character.isLetterOrDigit(c);
    }

    private static boolean isDomainChar(char c) {
        return c < 128 ? Character.isLetterOrDigit(c) || c == '.' || c == '-' : Character.isLetterOrDigit(c);
    }

}
