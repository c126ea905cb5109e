package io.throng.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A client bound to an explicit source address with ports of the caller's choosing (what a load generator does):
 * a taken port is skipped for the next, the connection really holds the port it was given, and a supplier of
 * nothing but taken ports ends in a clear BindException instead of a hang.
 */
class ClientSourcePortsTest {
    /** A loopback address no other test binds. */
    private static final InetAddress SOURCE = address("127.0.0.211");

    @Test
    void aTakenPortIsSkippedAndTheNextOneIsHeld() throws Exception {
        try (TestServer server = new TestServer(WebSocketConfig.DEFAULTS, ServerHandshake.Options.DEFAULTS, TestServer::echo);
                ServerSocket taken = new ServerSocket(0, 1, SOURCE)) {
            int free = freePort();
            int[] offered = {taken.getLocalPort(), free};
            AtomicInteger asked = new AtomicInteger();
            Events events = new Events();
            WebSocket ws = WebSocketClient.connect(server.uri("/echo"), WebSocketClient.Options.DEFAULTS
                    .withLocalAddress(SOURCE).withLocalPorts(() -> offered[Math.min(asked.getAndIncrement(), 1)]), events);
            ws.sendText("from a chosen port");
            assertEquals("from a chosen port", events.next(Events.Text.class).text());
            assertEquals(2, asked.get(), "the taken port was tried, then the next");
            try (SocketChannel probe = SocketChannel.open()) {
                assertThrows(BindException.class, () -> probe.bind(new InetSocketAddress(SOURCE, free)),
                        "the client holds the port it was given");
            }
            ws.close(1000, "");
        }
    }

    @Test
    void onlyTakenPortsEndInABindException() throws Exception {
        try (TestServer server = new TestServer(WebSocketConfig.DEFAULTS, ServerHandshake.Options.DEFAULTS, TestServer::echo);
                ServerSocket taken = new ServerSocket(0, 1, SOURCE)) {
            AtomicInteger asked = new AtomicInteger();
            assertThrows(BindException.class, () -> WebSocketClient.connect(server.uri("/echo"),
                    WebSocketClient.Options.DEFAULTS.withLocalAddress(SOURCE).withLocalPorts(() -> {
                        asked.incrementAndGet();
                        return taken.getLocalPort();
                    }), new Events()));
            assertEquals(64, asked.get(), "a bounded number of attempts");
        }
    }

    /** A port free on SOURCE right now (bound and released). */
    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, SOURCE)) {
            return s.getLocalPort();
        }
    }

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
