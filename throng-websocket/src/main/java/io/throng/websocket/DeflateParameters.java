package io.throng.websocket;

import java.util.ArrayList;
import java.util.List;

/**
 * The permessage-deflate parameters in force on one connection, as agreed in the handshake (RFC 7692
 * §7.1). Window bits are 8–15; 15 means "no limit".
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                int serverMaxWindowBits, int clientMaxWindowBits) {
    public static final String NAME = "permessage-deflate";

    public DeflateParameters {
        checkBits(serverMaxWindowBits);
        checkBits(clientMaxWindowBits);
    }

    private static void checkBits(int bits) {
        if (bits < 8 || bits > 15) {
            throw new IllegalArgumentException("window bits must be 8..15: " + bits);
        }
    }

    /** The Sec-WebSocket-Extensions value a server answers with. */
    public String toResponseHeader() {
        List<String> parts = new ArrayList<>();
        parts.add(NAME);
        if (serverNoContextTakeover) {
            parts.add("server_no_context_takeover");
        }
        if (clientNoContextTakeover) {
            parts.add("client_no_context_takeover");
        }
        if (serverMaxWindowBits < 15) {
            parts.add("server_max_window_bits=" + serverMaxWindowBits);
        }
        if (clientMaxWindowBits < 15) {
            parts.add("client_max_window_bits=" + clientMaxWindowBits);
        }
        return String.join("; ", parts);
    }
}
