package io.throng.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One selector thread that watches many connections. It never reads or writes a socket: on readiness
 * it disarms the key and either starts a virtual thread for an idle connection or unparks the thread
 * waiting in {@link Connection}. Keys are registered once and re-armed with {@code interestOps}, which
 * any thread may call; {@link Selector#wakeup()} makes the change take effect at once.
 */
final class Poller implements Runnable {
    private final Selector selector;
    private final TcpServer server;
    private final Thread thread;
    private volatile boolean running = true;

    Poller(TcpServer server, String name) {
        this.server = server;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** Registers a newly accepted connection as idle. */
    void register(Connection c, SocketChannel channel) throws IOException {
        c.key = channel.register(selector, SelectionKey.OP_READ, c);
        selector.wakeup();
    }

    void interest(Connection c, int ops) {
        c.key.interestOps(ops);
        selector.wakeup();
    }

    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(this::ready, 1000);
            }
        } catch (IOException e) {
            if (running) {
                System.err.println("throng: poller failed: " + e);
            }
        } finally {
            try {
                selector.close();
            } catch (IOException ignored) {
                // The process is stopping this server; nothing useful to do.
            }
        }
    }

    private void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            key.interestOps(0);
        } catch (CancelledKeyException e) {
            return;
        }
        if (c.activate()) {
            server.spawn(c);
        } else {
            c.signalReady();
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }
}
