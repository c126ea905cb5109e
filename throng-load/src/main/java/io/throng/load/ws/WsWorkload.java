package io.throng.load.ws;

import io.throng.net.tls.TlsClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the WebSocket connections of a run do; how many there are and how fast they go is the
 * {@link io.throng.load.LoadShape}.
 *
 * @param uri the {@code ws://} or {@code wss://host:port/path} every connection opens
 * @param mode echo round trips, or fan-out through a broadcast endpoint
 * @param size bytes per message (at least {@link Stamp#minimumSize}: every message carries its stamp)
 * @param binary send binary messages instead of text
 * @param senders fan-out only: connections that send, besides the {@code connections} that receive
 * @param deflate offer permessage-deflate
 * @param ramp open the connections evenly over this long before measuring (zero: all at once)
 * @param caFile wss:// only: trust the certificates of this PEM file instead of the JDK's trust store; or null
 * @param insecure wss:// only: accept any certificate for any host (a self-signed server under test)
 */
public record WsWorkload(URI uri, Mode mode, int size, boolean binary, int senders, boolean deflate, Duration ramp,
        Path caFile, boolean insecure) {

    /** A workload that trusts as the JDK does over wss://. */
    public WsWorkload(URI uri, Mode mode, int size, boolean binary, int senders, boolean deflate, Duration ramp) {
        this(uri, mode, size, binary, senders, deflate, ramp, null, false);
    }

    /** What the load measures. */
    public enum Mode {
        /** Each connection sends and the server echoes; latency is the round trip. */
        ECHO,
        /** Senders send, the server relays every message to every connection; latency is send to delivery. */
        FANOUT
    }

    public WsWorkload {
        if (!("ws".equalsIgnoreCase(uri.getScheme()) || secure(uri)) || uri.getHost() == null) {
            throw new IllegalArgumentException("URL must be ws:// or wss://host[:port]/path, got " + uri);
        }
        if (caFile != null && insecure) {
            throw new IllegalArgumentException("--cacert and --insecure exclude each other");
        }
        if (size < Stamp.minimumSize(binary) || size > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("--size must be between " + Stamp.minimumSize(binary)
                    + " (the stamp every message carries) and 16 MiB");
        }
        if (mode == Mode.FANOUT ? senders < 1 : senders != 0) {
            throw new IllegalArgumentException("fan-out needs at least one sender; echo has none");
        }
        if (ramp == null || ramp.isNegative()) {
            throw new IllegalArgumentException("ramp must not be negative");
        }
    }

    public String host() {
        return uri.getHost();
    }

    public int port() {
        return uri.getPort() >= 0 ? uri.getPort() : secure() ? 443 : 80;
    }

    /** True for wss://. */
    public boolean secure() {
        return secure(uri);
    }

    /** Whom a wss:// connection trusts: the CA file, anyone (insecure), or the JDK's trust store. */
    public TlsClient tlsClient() throws IOException {
        return caFile != null ? TlsClient.trusting(caFile) : insecure ? TlsClient.insecure() : TlsClient.jdkTrust();
    }

    private static boolean secure(URI uri) {
        return "wss".equalsIgnoreCase(uri.getScheme());
    }

    /** One line for the report. */
    public String describe() {
        return (mode == Mode.ECHO ? "echo " : "fan-out ") + uri + " (" + size + "-byte " + (binary ? "binary" : "text")
                + " messages" + (deflate ? ", permessage-deflate offered" : "")
                + (secure() && insecure ? ", any certificate accepted" : "") + ")";
    }
}
