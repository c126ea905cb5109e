/**
 * WebSocket (RFC 6455, permessage-deflate RFC 7692): the connection engine, broadcast and a client,
 * independent of the server the bytes come from.
 */
module io.throng.websocket {
    requires io.throng.channels;
    requires io.throng.net; // ByteStream: a server hands its upgraded connection over as one

    // WebSocket, WebSocketListener, WebSocketConfig, ServerHandshake, WebSocketClient, Broadcast:
    // serve or open WebSocket connections.
    exports io.throng.websocket;
    // The wire format (frames, masking, UTF-8, deflate): the engine's inside. Other Throng modules use only
    // DeflateOptions from it, which WebSocketConfig and ServerHandshake.Options take: that record belongs
    // in the API package, and until it moves there, code outside Throng can only leave deflate off.
    exports io.throng.websocket.codec to io.throng.load, io.throng.cli;
}
