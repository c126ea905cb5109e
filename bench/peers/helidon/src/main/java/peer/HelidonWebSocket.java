package peer;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.io.ByteArrayOutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Helidon 4 SE WebSocket endpoints: {@code /echo} sends every message back, {@code /broadcast} sends every message
 * to every connected session. One listener per connection (it reassembles fragmented messages). Helidon's
 * {@code WsSession.send} writes to the socket on the calling thread, so a broadcast is a loop of blocking writes on
 * the sender's virtual thread; sends to one session are serialised on it, since several senders may broadcast.
 */
final class HelidonWebSocket {
    private static final Set<WsSession> ROOM = ConcurrentHashMap.newKeySet();

    static WsRouting.Builder routing() {
        return WsRouting.builder()
                .endpoint("/echo", () -> new Endpoint(false))
                .endpoint("/broadcast", () -> new Endpoint(true));
    }

    private static final class Endpoint implements WsListener {
        private final boolean broadcast;
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        Endpoint(boolean broadcast) {
            this.broadcast = broadcast;
        }

        @Override
        public void onOpen(WsSession session) {
            if (broadcast) {
                ROOM.add(session);
            }
        }

        @Override
        public void onMessage(WsSession session, String part, boolean last) {
            if (!last) {
                text.append(part);
                return;
            }
            String message = text.isEmpty() ? part : text.append(part).toString();
            text.setLength(0);
            for (WsSession s : broadcast ? ROOM : Set.of(session)) {
                synchronized (s) {
                    s.send(message, true);
                }
            }
        }

        @Override
        public void onMessage(WsSession session, BufferData part, boolean last) {
            byte[] bytes = new byte[part.available()];
            part.read(bytes);
            if (!last) {
                binary.writeBytes(bytes);
                return;
            }
            if (binary.size() > 0) {
                binary.writeBytes(bytes);
                bytes = binary.toByteArray();
                binary.reset();
            }
            for (WsSession s : broadcast ? ROOM : Set.of(session)) {
                synchronized (s) {
                    s.send(BufferData.create(bytes), true);
                }
            }
        }

        @Override
        public void onClose(WsSession session, int status, String reason) {
            ROOM.remove(session);
        }

        @Override
        public void onError(WsSession session, Throwable t) {
            ROOM.remove(session);
        }
    }

    private HelidonWebSocket() {}
}
