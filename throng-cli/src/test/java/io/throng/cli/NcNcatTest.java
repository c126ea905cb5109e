package io.throng.cli;

import static io.throng.cli.CliProcesses.await;
import static io.throng.cli.CliProcesses.cli;
import static io.throng.cli.CliProcesses.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code throng nc} against Nmap's {@code ncat} (Debian's {@code ncat}), the other netcat, both ways
 * round: ncat listens and nc connects, nc listens and ncat connects, over TCP and over UDP. Each side
 * sends a line the other must print, so a framing or addressing slip on either end fails the test.
 */
class NcNcatTest {
    private static final String NCAT = "/usr/bin/ncat";

    @BeforeAll
    static void needNcat() {
        if (!Files.isExecutable(Path.of(NCAT))) {
            throw new AssertionError(NCAT + " is missing: install Debian's ncat (.ci/run's package list names it)");
        }
    }

    private static int port(String listeningLine) {
        return Integer.parseInt(listeningLine.substring(listeningLine.lastIndexOf(':') + 1).strip());
    }

    /** A port free a moment ago, for ncat, which prints no port when given 0. */
    private static int freeTcpPort() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            return ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramChannel s = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            return ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
    }

    private static void say(Process p, String line) throws IOException {
        OutputStream out = p.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void stop(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    @Test
    void ncConnectsOverTcpToNcatListening() throws Exception {
        int port = freeTcpPort();
        BlockingQueue<String> ncat = new LinkedBlockingQueue<>();
        Process server = peer(ncat, NCAT, "-v", "-l", "127.0.0.1", String.valueOf(port));
        Process client = null;
        try {
            await(ncat, "Listening on 127.0.0.1:" + port);
            BlockingQueue<String> nc = new LinkedBlockingQueue<>();
            client = cli(nc, "nc", "127.0.0.1", String.valueOf(port));
            await(nc, "connected tcp 127.0.0.1:" + port);
            say(client, "hello from nc");
            await(ncat, "hello from nc");
            say(server, "hello from ncat");
            await(nc, "hello from ncat");
            server.getOutputStream().close(); // ncat ends the connection at the end of its input
            await(nc, "closed by peer");
            client.getOutputStream().close();
            assertTrue(client.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, client.exitValue());
        } finally {
            stop(client);
            stop(server);
        }
    }

    @Test
    void ncatConnectsOverTcpToNcListening() throws Exception {
        BlockingQueue<String> nc = new LinkedBlockingQueue<>();
        Process server = cli(nc, "nc", "--listen", "127.0.0.1", "0");
        Process client = null;
        try {
            int port = port(await(nc, "listening on tcp 127.0.0.1:"));
            BlockingQueue<String> ncat = new LinkedBlockingQueue<>();
            client = peer(ncat, NCAT, "-v", "127.0.0.1", String.valueOf(port));
            await(nc, "connected tcp");
            say(client, "hello from ncat");
            await(nc, "hello from ncat");
            say(server, "hello from nc");
            await(ncat, "hello from nc");
            client.getOutputStream().close();
            await(nc, "closed by peer");
            server.getOutputStream().close();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, server.exitValue());
        } finally {
            stop(client);
            stop(server);
        }
    }

    @Test
    void ncSendsUdpLinesToNcatListeningAndHearsItsAnswer() throws Exception {
        int port = freeUdpPort();
        BlockingQueue<String> ncat = new LinkedBlockingQueue<>();
        Process server = peer(ncat, NCAT, "-v", "-u", "-l", "127.0.0.1", String.valueOf(port));
        Process client = null;
        try {
            await(ncat, "Listening on 127.0.0.1:" + port);
            BlockingQueue<String> nc = new LinkedBlockingQueue<>();
            // Raw mode: stdin as read, newline included, one datagram per read (--lines would drop the newline,
            // and ncat prints a datagram as it came).
            client = cli(nc, "nc", "--udp", "127.0.0.1", String.valueOf(port));
            await(nc, "udp to 127.0.0.1:" + port);
            say(client, "datagram from nc");
            await(ncat, "datagram from nc");
            say(server, "datagram from ncat"); // ncat answers the sender it heard from
            await(nc, "bytes from 127.0.0.1:" + port);
            await(nc, "datagram from ncat");
        } finally {
            stop(client);
            stop(server);
        }
    }

    @Test
    void ncatSendsUdpToNcListeningAndHearsItsAnswer() throws Exception {
        BlockingQueue<String> nc = new LinkedBlockingQueue<>();
        Process server = cli(nc, "nc", "--udp", "--listen", "127.0.0.1", "0");
        Process client = null;
        try {
            int port = port(await(nc, "listening on udp 127.0.0.1:"));
            BlockingQueue<String> ncat = new LinkedBlockingQueue<>();
            client = peer(ncat, NCAT, "-u", "127.0.0.1", String.valueOf(port));
            say(client, "datagram from ncat");
            await(nc, "bytes from 127.0.0.1:");
            await(nc, "datagram from ncat");
            say(server, "datagram from nc"); // nc, listening, answers the last sender
            await(ncat, "datagram from nc");
        } finally {
            stop(client);
            stop(server);
        }
    }
}
