package io.throng.websocket.codec;

/**
 * Close status codes (RFC 6455 §7.4 and the IANA registry) and the rule for which may appear on the wire.
 */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never on the wire: reported when a close frame carried no code. */
    public static final int NO_STATUS = 1005;
    /** Never on the wire: reported when the connection ended without a close frame. */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int MANDATORY_EXTENSION = 1010;
    public static final int INTERNAL_ERROR = 1011;
    public static final int SERVICE_RESTART = 1012;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int BAD_GATEWAY = 1014;

    private CloseCodes() {}

    /**
     * True if {@code code} may be sent in a close frame: the defined codes 1000–1003 and 1007–1014
     * (1004 is reserved; 1005, 1006 and 1015 are for reporting only; 1016–2999 are unassigned), and
     * 3000–4999 (registered and private use).
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }
}
