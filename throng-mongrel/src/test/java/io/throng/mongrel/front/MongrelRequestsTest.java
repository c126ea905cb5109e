package io.throng.mongrel.front;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.throng.mongrel.config.GatewayConfig;
import io.throng.mongrel.handler.Transport;
import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.wire.MessageCodec;
import io.throng.mongrel.wire.Request;
import io.throng.mongrel.wire.RequestEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the gateway sends over ZeroMQ ({@link MongrelRequests#httpBytes}, written directly) is what an
 * in-process handler is given ({@link MongrelRequests#http}, a record), encoded by the general codec.
 */
class MongrelRequestsTest {

    private static GatewayConfig.HandlerSpec spec(HeaderFormat format) {
        return new GatewayConfig.HandlerSpec("echo", new Transport.ZeroMq("tcp://127.0.0.1:1", "tcp://127.0.0.1:2"),
                "34f9ceee-cd52-4b7f-b197-88bf2f0ec378", format, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private static ClientRequest request(String query, byte[] body, ClientRequest.Field... fields) {
        return new ClientRequest("POST", "/api/x" + (query == null ? "" : "?" + query), "/api/x", query, "HTTP/1.1",
                List.of(fields), body);
    }

    @Test
    void directBytesEqualTheRecordsForEveryShapeOfRequest() {
        Peer peer = new Peer("127.0.0.1", "http");
        ClientRequest[] requests = {
            request(null, new byte[0], new ClientRequest.Field("Host", "localhost")),
            // a forged x-forwarded-for (dropped and overwritten), repeated fields, mixed case, a body
            request("a=1&b=%22", "body,with:tnetstring}bytes".getBytes(StandardCharsets.UTF_8),
                    new ClientRequest.Field("Host", "localhost"), new ClientRequest.Field("X-Forwarded-For", "6.6.6.6"),
                    new ClientRequest.Field("X-Test", "a"), new ClientRequest.Field("Accept", "*/*"),
                    new ClientRequest.Field("x-test", "b \"quoted\" \\"), new ClientRequest.Field("User-Agent", "ü\u0001")),
            // a head past what a reused encoder keeps (16 KiB): its buffer is let go for the next message
            request(null, new byte[0], new ClientRequest.Field("Host", "localhost"),
                    new ClientRequest.Field("X-Big", "y".repeat(20_000))),
            // a path that is not ASCII (the head's UTF-8), after the longer request above: a reused encoder
            // that kept any of that one's headers or head would show here
            new ClientRequest("GET", "/api/caf%C3%A9", "/api/café", null, "HTTP/1.1",
                    List.of(new ClientRequest.Field("Host", "localhost")), new byte[0]),
        };
        RequestEncoder encoder = new RequestEncoder(HeaderFormat.TNETSTRING); // one for all, as a relay reuses its own
        for (HeaderFormat format : HeaderFormat.values()) {
            for (ClientRequest r : requests) {
                for (Integer credits : new Integer[] {null, 65_536}) {
                    byte[] direct = MongrelRequests.httpBytes(encoder, spec(format), 7, r, "/api/", peer, credits);
                    Request record = MongrelRequests.http(spec(format), 7, r, "/api/", peer, credits);
                    assertArrayEquals(MessageCodec.encode(record), direct, format + " " + r.target() + " " + credits);
                    // The JSON form's general path runs through the same encoder: the decoder checks it independently.
                    assertEquals(r.path(), assertInstanceOf(Request.class, MessageCodec.decodeInbound(direct)).path());
                }
            }
        }
        // And the forged header really is replaced, in what the handler decodes.
        byte[] bytes = MongrelRequests.httpBytes(encoder, spec(HeaderFormat.JSON), 7, requests[1], "/api/", peer, null);
        Request seen = assertInstanceOf(Request.class, MessageCodec.decodeInbound(bytes));
        assertEquals(List.of("127.0.0.1"), seen.headers().all("x-forwarded-for"));
        assertEquals(List.of("a", "b \"quoted\" \\"), seen.headers().all("x-test"));
    }
}
