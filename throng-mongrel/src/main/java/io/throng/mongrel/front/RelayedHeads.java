package io.throng.mongrel.front;

import io.throng.http.HttpException;
import io.throng.http.HttpOptions;
import io.throng.http.RequestHead;
import io.throng.http.RequestParser;
import java.nio.ByteBuffer;

/**
 * The heads of the requests that follow the first on a relayed connection (the first went through
 * throng-http's server). They are parsed by throng-http's {@link RequestParser} with the server's
 * limits (a body beyond {@code maxBody} is 413), so the relay refuses what throng-http refuses — a request smuggled past a second,
 * laxer parser would reach a handler. On top of that the relay refuses what it cannot forward: a body
 * with Transfer-Encoding (501: Mongrel2 turns chunked uploads into its temp-file protocol, which the
 * relay does not do) and targets other than origin-form (400).
 */
final class RelayedHeads {

    /** A parsed head: the request without its body yet, and the declared body length (0 if none). */
    record Head(ClientRequest request, long contentLength) {}

    private final RequestParser parser;
    private final long maxBody;

    RelayedHeads(HttpOptions limits) {
        parser = new RequestParser(limits.maxRequestLine(), limits.maxHeadBytes(), limits.maxHeaders());
        maxBody = limits.maxBody();
    }

    /**
     * Parses a head from {@code in} (read mode), consuming it; null while it is incomplete (the parser
     * remembers how far it scanned, so keep {@code in}'s position between calls).
     *
     * @throws HttpException with the status to answer before closing the connection
     */
    Head parse(ByteBuffer in) {
        RequestHead head = parser.parse(in);
        if (head == null) {
            return null;
        }
        if (head.chunked()) {
            throw new HttpException(501, "Transfer-Encoding on a relayed connection is not supported");
        }
        if (head.target().charAt(0) != '/') {
            throw new HttpException(400, "only origin-form targets are relayed");
        }
        if (head.contentLength() > maxBody) {
            throw new HttpException(413, "request body too large"); // as throng-http: before a byte of it is read
        }
        ClientRequest request = new ClientRequest(head.method(), head.target(), head.path(), head.query(),
                head.minorVersion() == 0 ? "HTTP/1.0" : "HTTP/1.1", ClientRequest.fields(head.headers()), new byte[0]);
        return new Head(request, Math.max(0, head.contentLength()));
    }
}
