package io.throng.load.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy that carries the first {@code passed} connections it accepts to the upstream server and holds every
 * later one open without a byte either way: those clients connected by TCP and wait forever for their upgrade.
 */
final class GateProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstream;
    private final int passed;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    GateProxy(int upstreamPort, int passed) throws IOException {
        this.upstream = upstreamPort;
        this.passed = passed;
        listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                if (accepted.incrementAndGet() <= passed) {
                    Socket server = new Socket();
                    sockets.add(server);
                    server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream));
                    Thread.ofVirtual().start(() -> pipe(client, server));
                    Thread.ofVirtual().start(() -> pipe(server, client));
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException gone) {
            // either side went away: end both
        }
        try {
            from.close();
            to.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
