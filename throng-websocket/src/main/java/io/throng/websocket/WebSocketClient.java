package io.throng.websocket;

import io.throng.channels.Timers;
import io.throng.net.ByteStream;
import io.throng.net.tls.TlsClient;
import io.throng.net.tls.TlsStream;
import io.throng.websocket.codec.PerMessageDeflate;
import io.throng.websocket.codec.WebSocketException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.IntSupplier;

/**
 * A WebSocket client over plain TCP ({@code ws://}) or TLS ({@code wss://}, the JDK's engine run by
 * throng-net's {@link TlsStream}: TLS 1.3 and 1.2, the certificate checked against the trust in
 * {@link Options#tls} and the host name, SNI sent): connects, performs the HTTP/1.1 upgrade itself,
 * checks the answer strictly (status, Upgrade, Connection, Sec-WebSocket-Accept, a subprotocol we
 * offered, an extension answer we can honour) and hands the socket to a {@link WebSocket} engine.
 */
public final class WebSocketClient {
    /**
     * @param subprotocols offered in order of preference; empty for none
     * @param fields extra request fields (Origin, Authorization...)
     * @param handshakeTimeout bound on connect plus the whole handshake
     * @param localAddress the source address to bind before connecting (a load generator spreads its
     *     connections over several 127.0.0.x), or null to let the system choose
     * @param localPorts with a {@code localAddress}: where to get local ports to try (a bind that fails
     *     tries the next, up to 64), or null to let the kernel pick one. A load generator that owns its
     *     source address chooses its own ports: the kernel's search for a free one gets slow, and holds the
     *     calling thread, once tens of thousands of sockets are bound.
     * @param tls for wss://: whom to trust ({@link TlsClient#trusting a CA's PEM file}, or
     *     {@link TlsClient#insecure} for a self-signed test server); null for the JDK's trust store
     */
    public record Options(WebSocketConfig config, List<String> subprotocols, Map<String, String> fields,
                          Duration handshakeTimeout, InetAddress localAddress, IntSupplier localPorts, TlsClient tls) {
        public static final Options DEFAULTS = new Options(WebSocketConfig.DEFAULTS, List.of(), Map.of(), Duration.ofSeconds(10), null,
                null, null);

        public Options withConfig(WebSocketConfig c) {
            return new Options(c, subprotocols, fields, handshakeTimeout, localAddress, localPorts, tls);
        }

        public Options withSubprotocols(List<String> s) {
            return new Options(config, s, fields, handshakeTimeout, localAddress, localPorts, tls);
        }

        public Options withFields(Map<String, String> f) {
            return new Options(config, subprotocols, f, handshakeTimeout, localAddress, localPorts, tls);
        }

        public Options withHandshakeTimeout(Duration t) {
            return new Options(config, subprotocols, fields, t, localAddress, localPorts, tls);
        }

        public Options withLocalAddress(InetAddress a) {
            return new Options(config, subprotocols, fields, handshakeTimeout, a, localPorts, tls);
        }

        public Options withLocalPorts(IntSupplier ports) {
            return new Options(config, subprotocols, fields, handshakeTimeout, localAddress, ports, tls);
        }

        public Options withTls(TlsClient t) {
            return new Options(config, subprotocols, fields, handshakeTimeout, localAddress, localPorts, t);
        }
    }

    private static final int BIND_ATTEMPTS = 64;

    private WebSocketClient() {}

    /**
     * Opens a connection to a {@code ws://} or {@code wss://host:port/path} URI; the listener's onOpen runs
     * on the reader thread. Over wss:// a refused certificate is an {@link javax.net.ssl.SSLHandshakeException}
     * that says why (not trusted, expired, not for this host).
     */
    public static WebSocket connect(URI uri, Options options, WebSocketListener listener) throws IOException {
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        if (!secure && !"ws".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("only ws:// and wss:// are supported: " + uri);
        }
        int defaultPort = secure ? 443 : 80;
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        SocketChannel ch = SocketChannel.open();
        ScheduledFuture<?> deadline = Timers.schedule(options.handshakeTimeout(), () -> {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the handshake sees the closed channel
            }
        });
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (options.localAddress() != null) {
                bind(ch, options);
            }
            ch.connect(new InetSocketAddress(uri.getHost(), port));
            ByteChannel stream = secure ? tls(ch, uri.getHost(), port, options) : ch;
            String key = Handshake.newKey();
            String offer = PerMessageDeflate.clientOffer(options.config().deflate()).orElse(null);
            ByteBuffer request = ByteBuffer.wrap(request(uri, port, defaultPort, key, offer, options).getBytes(StandardCharsets.ISO_8859_1));
            while (request.hasRemaining()) {
                stream.write(request);
            }
            HttpHead head = HttpHead.read(stream);
            Negotiated negotiated = check(head, key, options);
            if (!deadline.cancel(false)) {
                throw new IOException("handshake timed out");
            }
            return WebSocket.start(stream, Role.CLIENT, negotiated, options.config(), head.rest(), listener);
        } catch (IOException | RuntimeException e) {
            deadline.cancel(false);
            ch.close();
            throw e;
        }
    }

    private static TlsStream tls(SocketChannel ch, String host, int port, Options options) throws IOException {
        TlsClient client = options.tls() == null ? TlsClient.jdkTrust() : options.tls();
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host; // an IPv6 literal, unbracketed
        return TlsStream.connect(ByteStream.of(ch), client, name, port, options.handshakeTimeout());
    }

    private static void bind(SocketChannel ch, Options options) throws IOException {
        if (options.localPorts() == null) {
            ch.bind(new InetSocketAddress(options.localAddress(), 0));
            return;
        }
        BindException last = null;
        for (int i = 0; i < BIND_ATTEMPTS; i++) {
            try {
                ch.bind(new InetSocketAddress(options.localAddress(), options.localPorts().getAsInt()));
                return;
            } catch (BindException e) {
                last = e; // that port is taken (another process, TIME_WAIT): the next one
            }
        }
        throw last;
    }

    private static String request(URI uri, int port, int defaultPort, String key, String deflateOffer, Options options) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        StringBuilder sb = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(port == defaultPort ? "" : ":" + port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        if (!options.subprotocols().isEmpty()) {
            sb.append("Sec-WebSocket-Protocol: ").append(String.join(", ", options.subprotocols())).append("\r\n");
        }
        if (deflateOffer != null) {
            sb.append("Sec-WebSocket-Extensions: ").append(deflateOffer).append("\r\n");
        }
        options.fields().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        return sb.append("\r\n").toString();
    }

    private static Negotiated check(HttpHead head, String key, Options options) throws IOException {
        String[] status = head.startLine().split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].equals("101")) {
            throw new IOException("upgrade refused: " + head.startLine());
        }
        if (!head.hasToken("upgrade", "websocket") || !head.hasToken("connection", "upgrade")) {
            throw new IOException("101 without Upgrade: websocket and Connection: upgrade");
        }
        if (!Handshake.accept(key).equals(head.value("sec-websocket-accept"))) {
            throw new IOException("wrong Sec-WebSocket-Accept");
        }
        String subprotocol = head.value("sec-websocket-protocol");
        if (subprotocol != null && !options.subprotocols().contains(subprotocol)) {
            throw new IOException("server chose a subprotocol we did not offer: " + subprotocol);
        }
        try {
            DeflateParameters deflate = PerMessageDeflate.clientAccept(head.value("sec-websocket-extensions"), options.config().deflate()).orElse(null);
            return new Negotiated(subprotocol, deflate);
        } catch (WebSocketException e) {
            throw new IOException(e.getMessage());
        }
    }
}
