package io.throng.http.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Helpers for test peers that run as child processes. */
final class Peers {
    private Peers() {}

    /** A loopback port free right now (the peer binds it a moment later; a clash fails loudly). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until something accepts on the port, or fails with what the process printed. */
    static void awaitPort(int port, Process p, java.nio.file.Path log) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("peer exited with " + p.exitValue() + ": " + read(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("peer did not listen on " + port + ": " + read(log));
    }

    private static String read(java.nio.file.Path log) throws IOException {
        return java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "";
    }
}
