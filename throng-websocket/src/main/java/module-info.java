/**
 * WebSocket (RFC 6455, permessage-deflate RFC 7692): the connection engine, broadcast and a client,
 * independent of the server the bytes come from.
 */
module io.throng.websocket {
    requires io.throng.channels;
    // ByteStream: a server hands its upgraded connection over as one; TlsClient: whom the client trusts over wss://
    requires transitive io.throng.net;
    requires jdk.jfr; // MessageEvents: throng.WebSocketMessage

    // WebSocket, WebSocketListener, WebSocketConfig, ServerHandshake, WebSocketClient, Broadcast,
    // DeflateOptions: serve or open WebSocket connections.
    exports io.throng.websocket;
    // The wire format (frames, masking, UTF-8, the deflate codec) is the engine's inside: not exported.
    // DeflateOptions and DeflateParameters, which the API takes and returns, live in the API package.
}
