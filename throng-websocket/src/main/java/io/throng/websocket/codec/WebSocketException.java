package io.throng.websocket.codec;

/**
 * A violation of the protocol by the peer, or a limit it crossed, with the close code to fail the
 * connection with (RFC 6455 §7.4.1): 1002 protocol error, 1007 invalid payload data, 1009 message too big.
 */
public final class WebSocketException extends Exception {
    private final int closeCode;

    public WebSocketException(int closeCode, String message) {
        super(message, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }

    static WebSocketException protocol(String message) {
        return new WebSocketException(CloseCodes.PROTOCOL_ERROR, message);
    }
}
