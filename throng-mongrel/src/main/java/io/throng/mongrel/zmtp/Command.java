package io.throng.mongrel.zmtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A ZMTP command: a name (1–255 ASCII bytes after a length byte) and data. The ones this side reads and
 * writes: READY (metadata properties: name length, name, four-byte value length, value), PING/PONG (3.1
 * heartbeats: a PING's TTL and context, echoed back as PONG), SUBSCRIBE/CANCEL (3.1 subscriptions) and
 * ERROR (a peer's reason for closing).
 */
public record Command(String name, byte[] data) {

    public static final String READY = "READY";
    public static final String PING = "PING";
    public static final String PONG = "PONG";
    public static final String SUBSCRIBE = "SUBSCRIBE";
    public static final String CANCEL = "CANCEL";
    public static final String ERROR = "ERROR";
    /** A PING's context is at most 16 bytes (RFC 37). */
    private static final int MAX_PING_CONTEXT = 16;

    /** Splits a command frame's body into name and data. */
    public static Command parse(byte[] body) throws ZmtpException {
        if (body.length == 0 || (body[0] & 0xFF) == 0 || (body[0] & 0xFF) > body.length - 1) {
            throw new ZmtpException("malformed command: bad name length");
        }
        int n = body[0] & 0xFF;
        return new Command(new String(body, 1, n, StandardCharsets.US_ASCII), Arrays.copyOfRange(body, 1 + n, body.length));
    }

    /** The READY command for a socket of {@code type} (no identity: the gateway's sockets need none). */
    public static ByteBuffer ready(SocketType type) {
        return Frame.command(READY, properties(Map.of("Socket-Type", type.name())));
    }

    static byte[] properties(Map<String, String> props) {
        ByteBuffer b = ByteBuffer.allocate(props.entrySet().stream()
                .mapToInt(e -> 1 + e.getKey().length() + 4 + e.getValue().getBytes(StandardCharsets.UTF_8).length).sum());
        for (Map.Entry<String, String> e : props.entrySet()) {
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
            b.put((byte) e.getKey().length()).put(e.getKey().getBytes(StandardCharsets.US_ASCII)).putInt(value.length).put(value);
        }
        return b.array();
    }

    /** A READY command's properties, names as sent; every length is checked against the bytes present. */
    public Map<String, byte[]> properties() throws ZmtpException {
        Map<String, byte[]> props = new LinkedHashMap<>();
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
            int n = b.get() & 0xFF;
            if (n == 0 || n + 4 > b.remaining()) {
                throw new ZmtpException("malformed READY: bad property name length");
            }
            byte[] name = new byte[n];
            b.get(name);
            int v = b.getInt();
            if (v < 0 || v > b.remaining()) {
                throw new ZmtpException("malformed READY: property value longer than the command");
            }
            byte[] value = new byte[v];
            b.get(value);
            props.put(new String(name, StandardCharsets.US_ASCII), value);
        }
        return props;
    }

    /**
     * The peer's socket type from its READY, checked against who {@code ours} may talk to. Property names
     * are case-insensitive (RFC 23).
     */
    public SocketType peerType(SocketType ours) throws ZmtpException {
        if (!name.equals(READY)) {
            throw new ZmtpException("expected READY, got " + name);
        }
        String type = null;
        for (Map.Entry<String, byte[]> p : properties().entrySet()) {
            if (p.getKey().equalsIgnoreCase("Socket-Type")) {
                type = new String(p.getValue(), StandardCharsets.US_ASCII);
            }
        }
        if (type == null) {
            throw new ZmtpException("READY without Socket-Type");
        }
        SocketType peer = SocketType.named(type);
        if (peer == null || !ours.partners().contains(peer)) {
            throw new ZmtpException("a " + type + " peer cannot talk to a " + ours + " socket");
        }
        return peer;
    }

    /** The PONG that answers this PING: its context echoed. */
    public ByteBuffer pong() throws ZmtpException {
        if (!name.equals(PING) || data.length < 2 || data.length - 2 > MAX_PING_CONTEXT) {
            throw new ZmtpException("malformed PING");
        }
        return Frame.command(PONG, Arrays.copyOfRange(data, 2, data.length));
    }

    /**
     * A subscription to {@code prefix} as a peer of {@code version} expects it: the SUBSCRIBE command
     * from 3.1 on, a message whose first byte is 1 in 3.0.
     */
    public static ByteBuffer subscribe(byte[] prefix, Greeting version) {
        if (version.subscribesByCommand()) {
            return Frame.command(SUBSCRIBE, prefix);
        }
        byte[] body = new byte[prefix.length + 1];
        body[0] = 1;
        System.arraycopy(prefix, 0, body, 1, prefix.length);
        return Frame.message(body);
    }

    /**
     * What to send back for a command that arrives after the handshake: a PONG for a PING, nothing for a
     * PONG. Anything else ends the connection: an ERROR with its reason, and every other command (a
     * READY again, a subscription sent to a socket that takes none, a name nobody defined) as unknown
     * here, since the gateway's peers (PULL, PUB) have no reason to send one.
     */
    public ByteBuffer answer() throws ZmtpException {
        return switch (name) {
            case PING -> pong();
            case PONG -> null;
            case ERROR -> throw new ZmtpException("peer closed with ERROR: " + errorReason());
            default -> throw new ZmtpException("unexpected command " + name);
        };
    }

    /** The ERROR command that gives {@code reason} (cut to the 255 ASCII bytes it may have) before we close. */
    public static ByteBuffer error(String reason) {
        byte[] r = reason.getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(r.length, 255);
        byte[] data = new byte[1 + n];
        data[0] = (byte) n;
        System.arraycopy(r, 0, data, 1, n);
        return Frame.command(ERROR, data);
    }

    /** An ERROR command's reason, for the log line of a peer that closed on us. */
    public String errorReason() {
        if (data.length == 0) {
            return "";
        }
        int n = Math.min(data[0] & 0xFF, data.length - 1);
        return new String(data, 1, n, StandardCharsets.US_ASCII);
    }
}
