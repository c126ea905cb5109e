package io.throng.load.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a chat server that misbehaves on purpose, once each: on the first proxied connection
 * it drops the second {@code message} frame, on the second it sends that frame twice, on the third it holds it
 * back until after the next one. Everything else passes through unchanged.
 *
 * <p>{@link #cutting} makes a proxy that passes everything through but, each time the server has sent a given
 * total of {@code message} frames, cuts every other connection it carries (both sides, at once, whatever is in
 * flight): half the users drop while the other half keep talking, so the dropped ones miss messages that only a
 * replay can give back.
 */
final class SabotagingProxy implements AutoCloseable {
    enum Sabotage { DROP, DUPLICATE, REORDER, NONE }

    private final ServerSocket listener;
    private final int upstream;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket[]> pairs = new ArrayList<>(); // guarded by itself
    private final boolean sabotage;
    private final int[] cutAfter;
    private final AtomicInteger messagesOut = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();

    SabotagingProxy(int upstreamPort) throws IOException {
        this(upstreamPort, true, new int[0]);
    }

    /** A pass-through proxy that cuts every other connection after each of these totals of message frames. */
    static SabotagingProxy cutting(int upstreamPort, int... cutAfter) throws IOException {
        return new SabotagingProxy(upstreamPort, false, cutAfter);
    }

    private SabotagingProxy(int upstreamPort, boolean sabotage, int[] cutAfter) throws IOException {
        upstream = upstreamPort;
        this.sabotage = sabotage;
        this.cutAfter = cutAfter.clone();
        listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream));
                synchronized (pairs) {
                    pairs.add(new Socket[] {client, server});
                }
                int n = accepted.getAndIncrement();
                Sabotage s = sabotage && n < 3 ? Sabotage.values()[n] : Sabotage.NONE;
                Thread.ofVirtual().start(() -> copy(client, server));
                Thread.ofVirtual().start(() -> serverToClient(server, client, s));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ignored) {
            // either side went away
        } finally {
            closeQuietly(to);
        }
    }

    /** Connections cut so far (each a user's WebSocket). */
    int cut() {
        return cut.get();
    }

    private void countMessage() {
        int total = messagesOut.incrementAndGet();
        for (int at : cutAfter) {
            if (at == total) {
                cutEveryOther();
            }
        }
    }

    private void cutEveryOther() {
        synchronized (pairs) {
            for (int i = 0; i < pairs.size(); i += 2) {
                Socket[] pair = pairs.get(i);
                if (!pair[0].isClosed()) {
                    cut.incrementAndGet();
                }
                closeQuietly(pair[0]);
                closeQuietly(pair[1]);
            }
        }
    }

    private void serverToClient(Socket server, Socket client, Sabotage sabotage) {
        try {
            InputStream in = server.getInputStream();
            OutputStream out = client.getOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            boolean upgraded = false;
            int messages = 0;
            byte[] held = null;
            byte[] chunk = new byte[65536];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                buf.put(chunk, 0, n);
                buf.flip();
                if (!upgraded) {
                    int end = headEnd(buf);
                    if (end < 0) {
                        buf.compact();
                        continue;
                    }
                    out.write(buf.array(), 0, end);
                    buf.position(end);
                    upgraded = true;
                }
                List<byte[]> frames = new ArrayList<>();
                int start = buf.position();
                int[] mark = {start};
                WsClientCodec.parse(buf, 1 << 20, (fin, op, a, off, len) -> {
                    int frameEnd = off + len;
                    frames.add(java.util.Arrays.copyOfRange(a, mark[0], frameEnd));
                    mark[0] = frameEnd;
                });
                for (byte[] f : frames) {
                    boolean message = new String(f, StandardCharsets.UTF_8).contains("\"type\":\"message\"");
                    if (message) {
                        messages++;
                    }
                    if (message && messages == 2 && sabotage != Sabotage.NONE) {
                        switch (sabotage) {
                            case DROP -> { }
                            case DUPLICATE -> {
                                out.write(f);
                                out.write(f);
                            }
                            case REORDER -> held = f;
                            case NONE -> throw new AssertionError();
                        }
                        continue;
                    }
                    out.write(f);
                    if (message) {
                        countMessage();
                    }
                    if (message && held != null) {
                        out.write(held);
                        held = null;
                    }
                }
                out.flush();
                buf.compact();
            }
        } catch (IOException ignored) {
            // either side went away
        } finally {
            closeQuietly(client);
        }
    }

    private static int headEnd(ByteBuffer b) {
        byte[] a = b.array();
        for (int i = b.position() + 3; i < b.limit(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (pairs) {
            for (Socket[] pair : pairs) {
                closeQuietly(pair[0]);
                closeQuietly(pair[1]);
            }
        }
    }
}
