package io.throng.http.files;

import io.throng.http.Request;

/** Conditional requests and byte ranges (RFC 9110 13 and 14) for one representation. */
final class Conditional {
    static final long[] UNSATISFIABLE = new long[0];

    /** True when the client's cached copy is current (304): If-None-Match wins over If-Modified-Since. */
    static boolean notModified(Request req, String etag, long mtimeMillis) {
        String inm = req.header("If-None-Match");
        if (inm != null) {
            for (String tag : inm.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || weakEquals(t, etag)) {
                    return true;
                }
            }
            return false;
        }
        String ims = req.header("If-Modified-Since");
        if (ims != null) {
            long since = parseDate(ims);
            return since >= 0 && mtimeMillis / 1000 <= since / 1000;
        }
        return false;
    }

    /** If-Range: honour the Range only if the validator still matches (strong ETag or exact date). */
    static boolean ifRangeMatches(Request req, String etag, long mtimeMillis) {
        String ir = req.header("If-Range");
        if (ir == null) {
            return true;
        }
        if (ir.startsWith("\"")) {
            return ir.equals(etag);
        }
        long date = parseDate(ir);
        return date >= 0 && date / 1000 == mtimeMillis / 1000;
    }

    /**
     * Parses "bytes=a-b", "bytes=a-" or "bytes=-n" against {@code size}.
     *
     * @return {first, last} inclusive, null to ignore the header (malformed or several ranges: send the
     *     whole file, as RFC 9110 allows), or {@link #UNSATISFIABLE}
     */
    static long[] singleRange(String header, long size) {
        if (!header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String a = spec.substring(0, dash);
            String b = spec.substring(dash + 1);
            if (a.isEmpty()) {
                long n = Long.parseLong(b);
                if (n <= 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new long[] {Math.max(0, size - n), size - 1};
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first < 0 || (!b.isEmpty() && Long.parseLong(b) < first)) {
                return null;
            }
            if (first >= size) {
                return UNSATISFIABLE;
            }
            return new long[] {first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean weakEquals(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    private static long parseDate(String value) {
        try {
            return java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private Conditional() {}
}
