package io.throng.http;

/** Byte classes from RFC 9110/9112, as lookup tables so the parser does one load per byte. */
final class Ascii {
    static final byte CR = '\r', LF = '\n', SP = ' ', HT = '\t';
    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_VALUE = new boolean[256];
    private static final boolean[] TARGET = new boolean[256];
    private static final boolean[] HOST = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        // field-value = *( VCHAR / obs-text / SP / HTAB ); CTLs (including DEL) are refused.
        FIELD_VALUE[HT] = true;
        for (int c = 0x20; c < 0x7f; c++) {
            FIELD_VALUE[c] = true;
        }
        for (int c = 0x80; c < 0x100; c++) {
            FIELD_VALUE[c] = true;
        }
        // request-target: visible ASCII only; a strict server refuses the rest rather than guess.
        for (int c = 0x21; c < 0x7f; c++) {
            TARGET[c] = true;
        }
        TARGET['#'] = false;
        for (int c = 0x21; c < 0x7f; c++) {
            HOST[c] = TCHAR[c];
        }
        for (char c : "[]:;=,()@".toCharArray()) {
            HOST[c] = true;
        }
        HOST['@'] = false;
        HOST['|'] = false;
        HOST['`'] = false;
        HOST['^'] = false;
        HOST['#'] = false;
    }

    static boolean tchar(int b) {
        return TCHAR[b & 0xff];
    }

    static boolean fieldValue(int b) {
        return FIELD_VALUE[b & 0xff];
    }

    static boolean target(int b) {
        return TARGET[b & 0xff];
    }

    static boolean host(int b) {
        return HOST[b & 0xff];
    }

    static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /** Case-insensitive comparison of raw[from, to) with a lower-case ASCII name. */
    static boolean equalsLower(byte[] raw, int from, int to, byte[] lowerName) {
        if (to - from != lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            if (lower(raw[from + i]) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private Ascii() {}
}
