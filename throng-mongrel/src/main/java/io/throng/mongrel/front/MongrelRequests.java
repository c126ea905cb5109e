package io.throng.mongrel.front;

import io.throng.mongrel.config.GatewayConfig;
import io.throng.mongrel.wire.Headers;
import io.throng.mongrel.wire.Request;
import io.throng.mongrel.wire.RequestEncoder;
import io.throng.mongrel.wire.WebSocket;
import io.throng.websocket.Handshake;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a client request into the message Mongrel2 would send for it: the upper-case fields Mongrel2
 * generates (METHOD, VERSION, URI, PATH, QUERY, PATTERN, URL_SCHEME, REMOTE_ADDR), then the client's
 * fields with lower-cased names (a repeated field becomes a list on the wire), and {@code
 * x-forwarded-for} overwritten with the peer's address so a client cannot forge it.
 */
final class MongrelRequests {

    private MongrelRequests() {}

    /** An HTTP request; {@code credits}, if not null, is announced as {@code DOWNLOAD_CREDITS}. */
    static Request http(GatewayConfig.HandlerSpec spec, long id, ClientRequest r, String pattern, Peer peer,
                        Integer credits) {
        Headers.Builder h = Headers.builder();
        fields(h::add, r, r.method(), pattern, peer, null, credits);
        return new Request(spec.ident(), id, r.path(), h.build(), r.body(), spec.protocol());
    }

    /**
     * The same message as {@link #http}'s, encoded directly with {@code e} (a connection's own, reused):
     * what the gateway sends over ZeroMQ.
     */
    static byte[] httpBytes(RequestEncoder e, GatewayConfig.HandlerSpec spec, long id, ClientRequest r, String pattern,
                            Peer peer, Integer credits) {
        e.start(spec.protocol());
        fields(e::add, r, r.method(), pattern, peer, null, credits);
        return e.encode(spec.ident(), id, r.path(), r.body());
    }

    /** The opening handshake: {@code METHOD=WEBSOCKET_HANDSHAKE}, the body is the computed accept value. */
    static Request handshake(GatewayConfig.HandlerSpec spec, long id, ClientRequest r, String pattern, Peer peer,
                             Integer credits) {
        byte[] accept = Handshake.accept(r.field("Sec-WebSocket-Key")).getBytes(StandardCharsets.US_ASCII);
        Headers.Builder h = Headers.builder();
        fields(h::add, r, Request.METHOD_WEBSOCKET_HANDSHAKE, pattern, peer, null, credits);
        return new Request(spec.ident(), id, r.path(), h.build(), accept, spec.protocol());
    }

    /** One client message: {@code METHOD=WEBSOCKET}, {@code FLAGS}, the upgrade's fields repeated. */
    static Request frame(GatewayConfig.HandlerSpec spec, long id, ClientRequest upgrade, String pattern, Peer peer,
                         WebSocket.Frame frame) {
        Headers.Builder h = Headers.builder();
        fields(h::add, upgrade, Request.METHOD_WEBSOCKET, pattern, peer, WebSocket.formatFlags(frame.flags()), null);
        return new Request(spec.ident(), id, upgrade.path(), h.build(), frame.payload(), spec.protocol());
    }

    /** Where {@link #fields} puts each header: a {@link Headers.Builder} or a {@link RequestEncoder}. */
    private interface Fields {
        void add(String name, String value);
    }

    private static void fields(Fields h, ClientRequest r, String method, String pattern, Peer peer, String flags,
                               Integer credits) {
        h.add("METHOD", method);
        h.add("VERSION", r.version());
        h.add("URI", r.target());
        h.add("PATH", r.path());
        if (r.query() != null) {
            h.add("QUERY", r.query());
        }
        h.add("PATTERN", pattern);
        h.add("URL_SCHEME", peer.scheme());
        h.add("REMOTE_ADDR", peer.address());
        if (flags != null) {
            h.add("FLAGS", flags);
        }
        if (credits != null) {
            h.add("DOWNLOAD_CREDITS", credits.toString());
        }
        for (ClientRequest.Field f : r.fields()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            if (!name.equals("x-forwarded-for")) {
                h.add(name, f.value());
            }
        }
        h.add("x-forwarded-for", peer.address());
    }
}
