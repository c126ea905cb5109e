package io.throng.cli;

import io.throng.net.ByteStream;
import io.throng.net.client.TcpClient;
import io.throng.net.udp.Datagram;
import io.throng.net.udp.UdpOptions;
import io.throng.net.udp.UdpSocket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code throng nc}: a netcat for debugging networks, on the kit's own TCP client and UDP socket.
 * Received bytes go to stdout (raw, or as a hex dump); stdin goes to the peer; what happens (listening,
 * connected, each datagram's sender, truncation) goes to stderr, so stdout stays the payload.
 */
@Command(name = "nc", mixinStandardHelpOptions = true,
        description = "Netcat: connect to or listen on a TCP or UDP port; stdin to the peer, the peer to stdout.")
final class NcCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "HOST", description = "Host to connect to, or address to listen on (0.0.0.0 / :: for all).")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", description = "Port (0 with --listen: any free port, printed).")
    int port;

    @Option(names = {"-u", "--udp"}, description = "UDP instead of TCP.")
    boolean udp;

    @Option(names = {"-l", "--listen"}, description = "Listen: TCP accepts one connection; UDP answers the last sender.")
    boolean listen;

    @Option(names = {"-x", "--hex"}, description = "Print what arrives as a hex dump (hexdump -C) instead of raw bytes.")
    boolean hex;

    @Option(names = "--lines", description = "Send stdin a line at a time (UDP: one datagram per line, without its newline); default: raw, as read.")
    boolean lines;

    @Option(names = {"-w", "--wait"}, defaultValue = "10s", converter = DurationConverter.class,
            description = "Connect timeout; for UDP, how long to wait for datagrams after stdin ends (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(names = "--join", paramLabel = "GROUP", description = "UDP listen: join this multicast group (IPv4 or IPv6).")
    InetAddress group;

    @Option(names = "--interface", paramLabel = "NAME", description = "Interface for --join and for sending multicast.")
    String interfaceName;

    @Option(names = "--ttl", description = "Multicast TTL (hops) for what this sends (default 1).")
    Integer ttl;

    @Option(names = "--no-loopback", description = "Do not deliver this host's own multicast back to it.")
    boolean noLoopback;

    @Option(names = "--max-datagram", defaultValue = "65507", description = "Longest datagram received whole; longer ones are reported cut (default: ${DEFAULT-VALUE}).")
    int maxDatagram;

    @Spec
    CommandSpec spec;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final HexDump dump = new HexDump();

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535 || (port == 0 && !listen)) {
            throw new ParameterException(spec.commandLine(), "PORT must be 1..65535 (0 only with --listen): " + port);
        }
        if ((group != null || interfaceName != null || ttl != null || noLoopback) && !udp) {
            throw new ParameterException(spec.commandLine(), "--join, --interface, --ttl and --no-loopback need --udp");
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), port);
        return udp ? udp(address) : tcp(address);
    }

    private void show(byte[] data, int length) {
        if (hex) {
            out.print(dump.dump(data, length));
        } else {
            out.write(data, 0, length);
        }
        out.flush();
    }

    // ---- TCP ----

    private int tcp(InetSocketAddress address) throws Exception {
        ByteStream stream;
        if (listen) {
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                try {
                    server.bind(address);
                } catch (BindException e) {
                    throw new EnvironmentException("cannot listen on " + address + ": " + e.getMessage());
                }
                err.println("listening on tcp " + hostPort((InetSocketAddress) server.getLocalAddress()));
                stream = ByteStream.of(server.accept());
            }
        } else {
            stream = TcpClient.connect(address, wait);
        }
        err.println("connected tcp " + hostPort(address));
        try (stream) {
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    forEachInput(chunk -> stream.write(ByteBuffer.wrap(chunk)));
                    stream.shutdownOutput(); // our end of stream: the peer sees EOF, and may still answer
                } catch (IOException ignored) {
                    // the connection ended: the receiving side reports it
                }
            });
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            while (stream.read(buffer.clear()) >= 0) {
                show(buffer.array(), buffer.position());
            }
            sender.interrupt();
        }
        err.println("closed by peer");
        return ExitCodes.OK;
    }

    // ---- UDP ----

    private int udp(InetSocketAddress address) throws Exception {
        UdpOptions options = UdpOptions.defaults().withMaxDatagram(maxDatagram).withReuseAddress(group != null);
        InetSocketAddress local = listen ? address
                : new InetSocketAddress(InetAddress.getByName(address.getAddress().getAddress().length == 4 ? "0.0.0.0" : "::"), 0);
        UdpSocket socket;
        try {
            socket = UdpSocket.bind(local, options);
        } catch (BindException e) {
            throw new EnvironmentException("cannot listen on " + local + ": " + e.getMessage());
        }
        try (socket) {
            NetworkInterface nif = null;
            if (interfaceName != null) {
                nif = NetworkInterface.getByName(interfaceName);
                if (nif == null) {
                    throw new EnvironmentException("no such interface: " + interfaceName);
                }
                socket.multicastInterface(nif);
            }
            if (group != null) {
                if (nif == null) {
                    throw new ParameterException(spec.commandLine(), "--join needs --interface");
                }
                socket.join(group, nif);
                err.println("joined " + group.getHostAddress() + " on " + nif.getName());
            }
            if (ttl != null) {
                socket.multicastTtl(ttl);
            }
            if (noLoopback) {
                socket.multicastLoopback(false);
            }
            err.println((listen ? "listening on udp " + hostPort(socket.localAddress()) : "udp to " + hostPort(address)));
            // Listening, replies go to whoever sent last; connecting, to the address given.
            AtomicReference<InetSocketAddress> peer = new AtomicReference<>(listen ? null : address);
            AtomicBoolean inputEnded = new AtomicBoolean();
            Thread.ofVirtual().start(() -> {
                try {
                    forEachInput(chunk -> {
                        InetSocketAddress to = peer.get();
                        if (to == null) {
                            err.println("no peer yet: dropped " + chunk.length + " bytes");
                        } else {
                            socket.send(chunk, to);
                        }
                    });
                } catch (IOException e) {
                    err.println("send failed: " + e.getMessage());
                }
                inputEnded.set(true);
            });
            while (true) {
                Datagram d;
                try {
                    d = socket.receive(wait);
                } catch (SocketTimeoutException e) {
                    if (inputEnded.get()) {
                        return ExitCodes.OK; // stdin is done and the peer has been quiet for --wait
                    }
                    continue;
                } catch (java.net.PortUnreachableException e) {
                    err.println("port unreachable: " + hostPort(address));
                    continue;
                }
                if (listen) {
                    peer.set(d.sender());
                }
                err.println(d.length() + " bytes from " + hostPort(d.sender()) + (d.truncated() ? " (truncated: longer than " + maxDatagram + ")" : ""));
                show(d.data(), d.length());
            }
        }
    }

    // ---- stdin ----

    private interface ChunkSink {
        void accept(byte[] chunk) throws IOException;
    }

    /** Feeds stdin to {@code sink}: a line at a time with --lines (UDP: newline dropped), else as read. */
    private void forEachInput(ChunkSink sink) throws IOException {
        InputStream in = new BufferedInputStream(System.in);
        if (!lines) {
            byte[] buffer = new byte[udp ? Math.min(maxDatagram, 65_507) : 16 * 1024];
            int n;
            while ((n = System.in.read(buffer)) >= 0) {
                sink.accept(Arrays.copyOf(buffer, n));
            }
            return;
        }
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                if (!udp) {
                    line.write(b);
                }
                sink.accept(line.toByteArray());
                line.reset();
            } else {
                line.write(b);
            }
        }
        if (line.size() > 0) {
            sink.accept(line.toByteArray());
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
