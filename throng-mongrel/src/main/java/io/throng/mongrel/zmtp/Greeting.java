package io.throng.mongrel.zmtp;

import java.nio.charset.StandardCharsets;

/**
 * ZMTP 3's 64-byte greeting: signature ({@code FF}, 8 padding bytes, {@code 7F}), version, security
 * mechanism (20 bytes, NUL-padded), as-server flag, 31 filler bytes. This side speaks 3.1 with the NULL
 * mechanism only; a 3.0 peer is fine (it gets 3.0's subscriptions), any other major version or mechanism is
 * refused.
 */
public record Greeting(int major, int minor, String mechanism, boolean asServer) {

    public static final int LENGTH = 64;
    static final String NULL_MECHANISM = "NULL";

    /** Ours: 3.1, NULL, not as-server (NULL has no roles). */
    public static byte[] ours() {
        byte[] g = new byte[LENGTH];
        g[0] = (byte) 0xFF;
        g[9] = 0x7F;
        g[10] = 3;
        g[11] = 1;
        byte[] mechanism = NULL_MECHANISM.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(mechanism, 0, g, 12, mechanism.length);
        return g;
    }

    /** Reads a peer's greeting; refuses a wrong signature, a major version other than 3, or a mechanism other than NULL. */
    public static Greeting parse(byte[] g) throws ZmtpException {
        if (g.length != LENGTH || (g[0] & 0xFF) != 0xFF || g[9] != 0x7F) {
            throw new ZmtpException("not a ZMTP peer: bad greeting signature");
        }
        int major = g[10] & 0xFF;
        int minor = g[11] & 0xFF;
        if (major != 3) {
            throw new ZmtpException("ZMTP version " + major + "." + minor + " not spoken (3.x only)");
        }
        int end = 12;
        while (end < 32 && g[end] != 0) {
            end++;
        }
        String mechanism = new String(g, 12, end - 12, StandardCharsets.US_ASCII);
        if (!mechanism.equals(NULL_MECHANISM)) {
            throw new ZmtpException("security mechanism '" + mechanism + "' not spoken (NULL only)");
        }
        return new Greeting(major, minor, mechanism, g[32] == 1);
    }

    /** ZMTP 3.1 or later: subscriptions are SUBSCRIBE/CANCEL commands, not messages. */
    public boolean subscribesByCommand() {
        return minor >= 1;
    }
}
