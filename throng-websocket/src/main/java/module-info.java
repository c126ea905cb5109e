/**
 * WebSocket (RFC 6455, permessage-deflate RFC 7692): the connection engine, broadcast and a client,
 * independent of the server the bytes come from.
 */
module io.throng.websocket {
    requires transitive io.throng.channels;
    requires transitive io.throng.net; // ByteStream: a server hands its upgraded connection over as one

    // WebSocket, WebSocketListener, WebSocketConfig, ServerHandshake, WebSocketClient, Broadcast:
    // serve or open WebSocket connections.
    exports io.throng.websocket;
    // The wire format (frame codec, deflate): for Throng's own servers and load tools only.
    exports io.throng.websocket.codec to io.throng.load, io.throng.cli;
}
