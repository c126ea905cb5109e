package io.throng.cli;

import static io.throng.cli.CliProcesses.await;
import static io.throng.cli.CliProcesses.cli;
import static io.throng.cli.CliProcesses.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code throng nc} as a process, against Debian's socat and /usr/bin/python3 as the other end. */
class NcCommandTest {
    private static final String PYTHON = "/usr/bin/python3";

    private static void need(String path) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError(path + " is missing: install it (.ci/run's package list names it)");
        }
    }

    private static int port(String listeningLine) {
        return Integer.parseInt(listeningLine.substring(listeningLine.lastIndexOf(':') + 1).strip());
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    @Test
    void aBadPortIsAUsageError() {
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.USAGE, Main.run(new String[] {"nc", "127.0.0.1", "70000"}, new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("PORT must be 1..65535"), err.toString());
        assertEquals(ExitCodes.USAGE, Main.run(new String[] {"nc", "--join", "239.1.1.1", "127.0.0.1", "9"},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
    }

    @Test
    void aRefusedConnectFailsWithItsReason() throws Exception {
        int closedPort;
        try (var s = java.nio.channels.ServerSocketChannel.open().bind(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            closedPort = ((java.net.InetSocketAddress) s.getLocalAddress()).getPort();
        }
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.FAILURE, Main.run(new String[] {"nc", "127.0.0.1", String.valueOf(closedPort)},
                new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("Connection refused"), err.toString());
    }

    @Test
    void tcpListenTalksBothWaysWithSocat() throws Exception {
        need("/usr/bin/socat");
        BlockingQueue<String> nc = new LinkedBlockingQueue<>();
        Process server = cli(nc, "nc", "--listen", "127.0.0.1", "0");
        Process client = null;
        try {
            int port = port(await(nc, "listening on tcp 127.0.0.1:"));
            BlockingQueue<String> socat = new LinkedBlockingQueue<>();
            client = peer(socat, "socat", "-", "TCP:127.0.0.1:" + port);
            OutputStream toSocat = client.getOutputStream();
            toSocat.write("hello from socat\n".getBytes(StandardCharsets.UTF_8));
            toSocat.flush();
            await(nc, "hello from socat");
            OutputStream toNc = server.getOutputStream();
            toNc.write("hello from nc\n".getBytes(StandardCharsets.UTF_8));
            toNc.flush();
            await(socat, "hello from nc");
            // socat's end of input closes the connection; nc sees it and exits 0.
            toSocat.close();
            await(nc, "closed by peer");
            toNc.close();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, server.exitValue());
        } finally {
            stop(server);
            if (client != null) {
                stop(client);
            }
        }
    }

    @Test
    void udpListenHexDumpsAPythonDatagramAndAnswersItsSender() throws Exception {
        need(PYTHON);
        BlockingQueue<String> nc = new LinkedBlockingQueue<>();
        Process server = cli(nc, "nc", "--udp", "--listen", "--hex", "--lines", "--max-datagram", "16", "127.0.0.1", "0");
        try {
            int port = port(await(nc, "listening on udp 127.0.0.1:"));
            String script = """
                    import socket, sys
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    s.settimeout(60)
                    peer = ('127.0.0.1', int(sys.argv[1]))
                    s.sendto(b'\\x00\\x01hi\\xff', peer)
                    s.sendto(b'A' * 40, peer)
                    data, src = s.recvfrom(100)
                    print('python got', data.decode(), flush=True)
                    """;
            BlockingQueue<String> py = new LinkedBlockingQueue<>();
            Process client = peer(py, PYTHON, "-c", script, String.valueOf(port));
            try {
                await(nc, "5 bytes from 127.0.0.1:");
                assertEquals("00000000  00 01 68 69 ff                                    |..hi.|", await(nc, "00000000  00 01"));
                // The oversized one is reported cut, never passed off as whole.
                assertTrue(await(nc, "16 bytes from").contains("(truncated: longer than 16)"));
                OutputStream toNc = server.getOutputStream();
                toNc.write("pong\n".getBytes(StandardCharsets.UTF_8));
                toNc.flush();
                await(py, "python got pong");
            } finally {
                stop(client);
            }
        } finally {
            stop(server);
        }
    }

    @Test
    void udpConnectSendsALineAsADatagramToSocatAndPrintsTheEcho() throws Exception {
        need("/usr/bin/socat");
        // socat as a UDP echo server on an IPv6 loopback port it picks; PIPE echoes each datagram back.
        BlockingQueue<String> socat = new LinkedBlockingQueue<>();
        int port;
        try (var probe = java.nio.channels.DatagramChannel.open().bind(new java.net.InetSocketAddress("::1", 0))) {
            port = ((java.net.InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        Process echo = peer(socat, "socat", "-d", "-d", "UDP6-RECVFROM:" + port + ",bind=[::1],fork", "PIPE");
        BlockingQueue<String> nc = new LinkedBlockingQueue<>();
        Process client = null;
        try {
            await(socat, "receiving on");
            client = cli(nc, "nc", "--udp", "--lines", "--wait", "2s", "::1", String.valueOf(port));
            OutputStream toNc = client.getOutputStream();
            toNc.write("first\nsecond\n".getBytes(StandardCharsets.UTF_8));
            toNc.close(); // end of input: nc exits once the peer has been quiet for --wait
            await(nc, "first");
            await(nc, "second");
            assertTrue(client.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, client.exitValue());
        } finally {
            stop(echo);
            if (client != null) {
                stop(client);
            }
        }
    }
}
