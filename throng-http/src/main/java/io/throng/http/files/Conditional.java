package io.throng.http.files;

import io.throng.http.Request;

/** Conditional requests (RFC 9110 13) for one representation; ranges are {@link ByteRanges}. */
final class Conditional {
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
