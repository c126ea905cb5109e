package io.throng.cli;

import io.throng.net.Signals;
import io.throng.packet.capture.PrivilegeException;
import io.throng.packet.tunnel.Keys;
import io.throng.packet.tunnel.Tunnel;
import io.throng.packet.tunnel.TunnelCipher;
import io.throng.packet.tunnel.TunnelConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code throng tunnel}: WireGuard-style keys and a point-to-point VPN over UDP through a TUN device. */
@Command(name = "tunnel", mixinStandardHelpOptions = true,
        description = "A point-to-point VPN over UDP through a TUN device (X25519, ChaCha20-Poly1305 or AES-256-GCM; needs CAP_NET_ADMIN).",
        subcommands = {TunnelCommand.GenKey.class, TunnelCommand.PubKey.class, TunnelCommand.Up.class})
final class TunnelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "genkey", mixinStandardHelpOptions = true, description = "Print a new private key (base64), e.g. > priv.")
    static final class GenKey implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(Keys.encode(Keys.generate()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "pubkey", mixinStandardHelpOptions = true, description = "Read a private key on stdin, print its public key, e.g. < priv > pub.")
    static final class PubKey implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String text = new String(System.in.readNBytes(4096), StandardCharsets.US_ASCII);
            XECPrivateKey key;
            try {
                key = Keys.privateKey(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "stdin: " + e.getMessage());
            }
            spec.commandLine().getOut().println(Keys.encode(Keys.publicKey(key)));
            return ExitCodes.OK;
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Create the TUN device and run the tunnel until SIGINT or SIGTERM.",
                "SIGUSR1 prints the counters; they are printed at exit too."})
    static final class Up implements Callable<Integer> {
        @Option(names = "--dev", required = true, paramLabel = "NAME", description = "TUN device to create.")
        String device;

        @Option(names = "--listen", required = true, paramLabel = "PORT", description = "UDP port to receive on.")
        int port;

        @Option(names = "--private-key", required = true, paramLabel = "FILE", description = "This side's private key (from genkey).")
        Path privateKey;

        @Option(names = "--peer-public-key", required = true, paramLabel = "FILE", description = "The peer's public key (from pubkey).")
        Path peerKey;

        @Option(names = "--endpoint", paramLabel = "HOST:PORT", description = "Where the peer is (IPv4 or [IPv6]:PORT); without it, wait for the peer to connect.")
        String endpoint;

        @Option(names = "--address", required = true, paramLabel = "ADDRESS/N", description = "This side's tunnel address, IPv4 or IPv6, e.g. 10.9.0.1/30 or fd00:9::1/64.")
        String address;

        @Option(names = "--mtu", defaultValue = "1420", paramLabel = "N",
                description = "TUN MTU: path MTU less 28 (IPv4+UDP) less 32 (tunnel header and tag) (default: ${DEFAULT-VALUE}).")
        int mtu;

        @Option(names = "--keepalive", defaultValue = "0", paramLabel = "SECONDS",
                description = "Send an empty packet when idle this long; 0 for none. The peer is dead after three times this.")
        int keepalive;

        @Option(names = "--cipher", defaultValue = "chacha20-poly1305", paramLabel = "NAME",
                description = "Transport cipher, chacha20-poly1305 or aes-256-gcm (faster with AES-NI); the peer must use the same (default: ${DEFAULT-VALUE}).")
        String cipher;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, InterruptedException {
            TunnelConfig config;
            try {
                config = new TunnelConfig(device, port, Keys.privateKey(read(privateKey)), peerKey(), endpoint(),
                        address(), prefix(), mtu, Duration.ofSeconds(keepalive), TunnelCipher.parse(cipher));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            CountDownLatch stop = new CountDownLatch(1);
            Tunnel tunnel;
            try {
                tunnel = Tunnel.open(config, line -> {
                    out.println(line);
                    out.flush();
                });
            } catch (PrivilegeException | UnsupportedOperationException e) {
                throw new EnvironmentException(e.getMessage(), e);
            } catch (IOException e) {
                throw new EnvironmentException("tunnel " + device + ": " + e.getMessage(), e);
            }
            try (tunnel) {
                Signals.on("INT", stop::countDown);
                Signals.on("TERM", stop::countDown);
                Signals.on("USR1", () -> print(out, tunnel));
                out.println("tunnel " + device + " up: " + address + ", mtu " + mtu + ", " + config.cipher() + ", udp port " + tunnel.port()
                        + (endpoint == null ? ", waiting for the peer" : ", peer " + endpoint));
                out.flush();
                stop.await();
            }
            print(out, tunnel);
            return ExitCodes.OK;
        }

        private static void print(PrintWriter out, Tunnel tunnel) {
            out.println("counters " + tunnel.counters() + " endpoint=" + tunnel.endpoint().map(String::valueOf).orElse("none"));
            out.flush();
        }

        private XECPublicKey peerKey() throws IOException {
            return Keys.publicKey(read(peerKey));
        }

        private String read(Path file) throws IOException {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no such key file: " + file);
            }
        }

        private InetSocketAddress endpoint() {
            if (endpoint == null) {
                return null;
            }
            int colon = endpoint.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--endpoint must be HOST:PORT: " + endpoint);
            }
            try {
                int p = Integer.parseInt(endpoint.substring(colon + 1));
                return new InetSocketAddress(InetAddress.getByName(endpoint.substring(0, colon)), p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--endpoint: not a port: " + endpoint);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--endpoint: unknown host: " + endpoint.substring(0, colon));
            }
        }

        private InetAddress address() {
            String host = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
            // literals only (no name look-up): dotted IPv4 or IPv6 with colons
            if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !host.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                throw new IllegalArgumentException("--address must be an IPv4 or IPv6 address with a prefix, e.g. 10.9.0.1/30 or fd00:9::1/64: " + address);
            }
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--address: " + e.getMessage());
            }
        }

        private int prefix() {
            int slash = address.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("--address needs a prefix length, e.g. 10.9.0.1/30: " + address);
            }
            try {
                return Integer.parseInt(address.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--address: bad prefix length: " + address);
            }
        }
    }
}
