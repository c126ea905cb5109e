package io.throng.cli;

import io.throng.websocket.Broadcast;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketListener;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bench-server's {@code /broadcast} room: every text or binary message from any member goes to every
 * member, the sender included, encoded once by {@link Broadcast}. One shared listener serves the whole room;
 * membership is a concurrent set, so a broadcast iterates the members present at that moment and a member
 * joining or leaving never waits for one.
 */
final class BenchBroadcast implements WebSocketListener {
    private final Set<WebSocket> members = ConcurrentHashMap.newKeySet();

    @Override
    public void onOpen(WebSocket ws) {
        members.add(ws);
    }

    @Override
    public void onText(WebSocket ws, String text) {
        Broadcast.text(members, text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        Broadcast.binary(members, data);
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        members.remove(ws);
    }

    /** Members right now. */
    int size() {
        return members.size();
    }
}
