package io.throng.chat.web;

import io.throng.http.Request;
import io.throng.http.Response;
import io.throng.http.Upgraded;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Hands one HTTP request for a web connection of another worker ({@code --workers}) to that worker's
 * relay listener and streams its answer back byte for byte, so a held long poll or an SSE stream works
 * whichever worker the kernel gave the client's TCP connection.
 *
 * <p>A plain socket relay, one loopback connection per request: the request goes up with
 * {@code Connection: close}, so the owner's answer ends with its connection and nothing here parses
 * it (chunked SSE and a 25 s poll pass unchanged). The client's connection then closes too, which that
 * answer's own {@code Connection: close} tells it. Nothing reaches the client before the owner's first
 * bytes: an owner that is gone or silent is answered {@code 404 unknown_connection} (open a new
 * connection and resume), never a hang.
 */
final class Relay {
    /** Marks a relayed request: the owner serves it from its own connections and never relays it again. */
    static final String HEADER = "X-Throng-Relayed";

    private static final int CONNECT_MILLIS = 2_000;

    private final String self;
    private final int silenceMillis;

    /**
     * @param self    this worker's id, sent in {@link #HEADER}
     * @param silence longest the owner may send nothing (a held poll, SSE keep-alive) before it is
     *                taken for gone
     */
    Relay(String self, Duration silence) {
        this.self = self;
        this.silenceMillis = Math.toIntExact(silence.toMillis());
    }

    /** Whether {@code req} came from another worker's relay. */
    static boolean relayed(Request req) {
        return req.header(HEADER) != null;
    }

    /** Forwards {@code req} to {@code owner} and answers {@code res} with what it says, or with 404. */
    void forward(Request req, Response res, InetSocketAddress owner) throws IOException {
        byte[] body = req.bodyBytes();
        try (Socket up = new Socket()) {
            byte[] first = new byte[16 * 1024];
            int n;
            InputStream in;
            try {
                up.connect(owner, CONNECT_MILLIS);
                up.setSoTimeout(silenceMillis);
                up.setTcpNoDelay(true);
                OutputStream out = up.getOutputStream();
                out.write(head(req, owner, body.length));
                out.write(body);
                out.flush();
                in = up.getInputStream();
                n = in.read(first);
            } catch (IOException ownerGone) {
                n = -1;
                in = null;
            }
            if (n <= 0) {
                ChatWeb.json(res, 404, ChatWeb.UNKNOWN_CONNECTION);
                return;
            }
            Upgraded raw = res.takeOver();
            try {
                ByteBuffer buf = ByteBuffer.wrap(first);
                do {
                    raw.connection().write(buf.clear().limit(n));
                } while ((n = in.read(first)) > 0);
            } catch (IOException ended) {
                // the owner died or went silent mid-answer, or the client left: both ends close now
            }
        }
    }

    private byte[] head(Request req, InetSocketAddress owner, int bodyLength) {
        StringBuilder h = new StringBuilder(256).append(req.method()).append(' ').append(req.target()).append(' ')
                .append(req.version()).append("\r\nHost: ").append(owner.getHostString()).append(':')
                .append(owner.getPort()).append("\r\nConnection: close\r\n").append(HEADER).append(": ").append(self)
                .append("\r\n");
        if (bodyLength > 0 || req.method().equals("POST")) {
            h.append("Content-Length: ").append(bodyLength).append("\r\n");
        }
        return h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
