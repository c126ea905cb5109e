package io.throng.load.ws;

import io.throng.websocket.HttpHead;
import io.throng.websocket.Role;
import io.throng.websocket.ServerHandshake;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketConfig;
import io.throng.websocket.WebSocketListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** The server side of one test connection: read the upgrade request, answer it, start the engine. */
final class ServerUpgrade {
    /** The open WebSocket, or null if the request was not an acceptable upgrade (the channel is then closed). */
    static WebSocket accept(SocketChannel ch, WebSocketListener listener) {
        try {
            HttpHead head = HttpHead.read(ch);
            ServerHandshake.Result r = ServerHandshake.negotiate("GET", head::value, ServerHandshake.Options.DEFAULTS);
            ch.write(ByteBuffer.wrap(r.responseBytes()));
            if (r instanceof ServerHandshake.Accepted a) {
                return WebSocket.start(ch, Role.SERVER, a.negotiated(), WebSocketConfig.DEFAULTS, head.rest(), listener);
            }
        } catch (IOException e) {
            // the client went away: nothing to serve
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // gone
        }
        return null;
    }

    private ServerUpgrade() {}
}
