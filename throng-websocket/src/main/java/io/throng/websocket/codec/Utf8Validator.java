package io.throng.websocket.codec;

import java.nio.ByteBuffer;

/**
 * Incremental UTF-8 validation that fails at the first byte after which no continuation could make the
 * input valid (RFC 3629 and Unicode table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
 * Bytes may be fed in any split, for example one WebSocket fragment or one TCP read at a time.
 *
 * <p>A deterministic automaton over twelve byte classes. The states are "between characters"
 * ({@link #isComplete()}), "rejected" ({@link #update} returns false, until {@link #reset()}), and seven "inside a character"
 * states that remember how many continuation bytes are still owed and, right after the lead bytes
 * E0, ED, F0 and F4, the narrower range the next byte must fall in. Runs of ASCII are skipped eight
 * bytes at a time.
 */
public final class Utf8Validator {
    private static final int ACCEPT = 0;
    private static final int REJECT = 1;
    private static final int TAIL1 = 2; // one continuation byte 80..BF owed
    private static final int TAIL2 = 3;
    private static final int TAIL3 = 4;
    private static final int AFTER_E0 = 5; // next A0..BF (no overlong 3-byte forms)
    private static final int AFTER_ED = 6; // next 80..9F (no surrogates)
    private static final int AFTER_F0 = 7; // next 90..BF (no overlong 4-byte forms)
    private static final int AFTER_F4 = 8; // next 80..8F (nothing above U+10FFFF)
    private static final int STATES = 9;

    // Byte classes.
    private static final int ASCII = 0;
    private static final int C80_8F = 1;
    private static final int C90_9F = 2;
    private static final int CA0_BF = 3;
    private static final int INVALID = 4; // C0, C1, F5..FF
    private static final int LEAD2 = 5; // C2..DF
    private static final int E0 = 6;
    private static final int LEAD3 = 7; // E1..EC, EE, EF
    private static final int ED = 8;
    private static final int F0 = 9;
    private static final int LEAD4 = 10; // F1..F3
    private static final int F4 = 11;
    private static final int CLASSES = 12;

    private static final byte[] CLASS = new byte[256];
    private static final byte[] NEXT = new byte[STATES * CLASSES];
    private static final long HIGH_BITS = 0x8080808080808080L;

    static {
        for (int b = 0; b < 256; b++) {
            CLASS[b] = (byte) (b < 0x80 ? ASCII
                    : b < 0x90 ? C80_8F
                    : b < 0xA0 ? C90_9F
                    : b < 0xC0 ? CA0_BF
                    : b < 0xC2 ? INVALID
                    : b < 0xE0 ? LEAD2
                    : b == 0xE0 ? E0
                    : b == 0xED ? ED
                    : b < 0xF0 ? LEAD3
                    : b == 0xF0 ? F0
                    : b < 0xF4 ? LEAD4
                    : b == 0xF4 ? F4
                    : INVALID);
        }
        // One row a state: the byte classes it takes, each followed by the state it leads to.
        java.util.Arrays.fill(NEXT, (byte) REJECT);
        from(ACCEPT, ASCII, ACCEPT, LEAD2, TAIL1, E0, AFTER_E0, LEAD3, TAIL2, ED, AFTER_ED, F0, AFTER_F0,
                LEAD4, TAIL3, F4, AFTER_F4);
        from(TAIL1, C80_8F, ACCEPT, C90_9F, ACCEPT, CA0_BF, ACCEPT);
        from(TAIL2, C80_8F, TAIL1, C90_9F, TAIL1, CA0_BF, TAIL1);
        from(TAIL3, C80_8F, TAIL2, C90_9F, TAIL2, CA0_BF, TAIL2);
        from(AFTER_E0, CA0_BF, TAIL1);
        from(AFTER_ED, C80_8F, TAIL1, C90_9F, TAIL1);
        from(AFTER_F0, C90_9F, TAIL2, CA0_BF, TAIL2);
        from(AFTER_F4, C80_8F, TAIL2);
    }

    /** Sets the transitions out of {@code state}: pairs of a byte class and the state it leads to. */
    private static void from(int state, int... classThenNext) {
        for (int i = 0; i < classThenNext.length; i += 2) {
            NEXT[state * CLASSES + classThenNext[i]] = (byte) classThenNext[i + 1];
        }
    }

    private int state = ACCEPT;

    /** Feeds {@code buf}'s remaining bytes (its position is not moved); false once the input can no longer be valid. */
    public boolean update(ByteBuffer buf) {
        int s = state;
        int i = buf.position();
        int end = buf.limit();
        while (i < end && s != REJECT) {
            if (s == ACCEPT) {
                while (i + 8 <= end && (buf.getLong(i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == end) {
                    break;
                }
            }
            s = NEXT[s * CLASSES + CLASS[buf.get(i++) & 0xFF]];
        }
        state = s;
        return s != REJECT;
    }

    /** Feeds {@code len} bytes of {@code a} from {@code off}; false once the input can no longer be valid. */
    public boolean update(byte[] a, int off, int len) {
        return update(ByteBuffer.wrap(a, off, len));
    }

    /** True when the bytes so far are valid and end on a character boundary. */
    public boolean isComplete() {
        return state == ACCEPT;
    }

    public void reset() {
        state = ACCEPT;
    }

    /** True if {@code len} bytes of {@code a} from {@code off} are complete, valid UTF-8. */
    public static boolean isValid(byte[] a, int off, int len) {
        Utf8Validator v = new Utf8Validator();
        return v.update(a, off, len) && v.isComplete();
    }
}
