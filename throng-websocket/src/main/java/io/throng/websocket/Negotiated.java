package io.throng.websocket;


/**
 * What the opening handshake agreed: the subprotocol (null for none) and the permessage-deflate
 * parameters (null when the connection is uncompressed).
 */
public record Negotiated(String subprotocol, DeflateParameters deflate) {
    public static final Negotiated NONE = new Negotiated(null, null);
}
