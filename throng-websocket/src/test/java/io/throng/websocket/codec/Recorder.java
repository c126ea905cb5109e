package io.throng.websocket.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Collects what a {@link MessageDecoder} delivers, as readable strings. */
final class Recorder implements MessageDecoder.Listener {
    final List<String> events = new ArrayList<>();
    ByteBuffer lastBinary;

    @Override
    public void onText(String text) {
        events.add("text:" + text);
    }

    @Override
    public void onBinary(ByteBuffer data) {
        events.add("binary:" + data.remaining());
        lastBinary = data;
    }

    @Override
    public void onPing(ByteBuffer payload) {
        events.add("ping:" + StandardCharsets.UTF_8.decode(payload));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        events.add("pong:" + StandardCharsets.UTF_8.decode(payload));
    }

    @Override
    public void onClose(int code, String reason) {
        events.add("close:" + code + ":" + reason);
    }

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    /** Feeds {@code wire} one byte at a time, then all at once into a fresh decoder; both must agree. */
    static List<String> decodeBothWays(boolean server, long max, byte[] wire) throws WebSocketException {
        Recorder whole = new Recorder();
        new MessageDecoder(server, max, null, whole).decode(ByteBuffer.wrap(wire.clone()));
        Recorder bytewise = new Recorder();
        MessageDecoder d = new MessageDecoder(server, max, null, bytewise);
        for (byte b : wire) {
            d.decode(ByteBuffer.wrap(new byte[] {b}));
        }
        if (!whole.events.equals(bytewise.events)) {
            throw new AssertionError(whole.events + " != " + bytewise.events);
        }
        return whole.events;
    }
}
