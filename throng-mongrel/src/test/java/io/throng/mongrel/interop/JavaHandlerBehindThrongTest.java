package io.throng.mongrel.interop;

import java.nio.file.Path;

/**
 * The Java SDK behind Throng's gateway instead of Mongrel2: every scenario of the Mongrel2 test (curl
 * GET and POST, broadcasts to 3 and 200 held connections, WebSocket echo and flags, headers, disconnect
 * notices, empty reply and {@code ctl cancel} closing the client) must pass unchanged.
 */
class JavaHandlerBehindThrongTest extends JavaHandlerBehindMongrel2Test {

    @Override
    Front startFront(Path dir) throws Exception {
        return ThrongFront.start(SEND_IDENT, protocol(), "");
    }

    /**
     * JeroMQ on both ends of a fresh link may lose its first message (docs/gateway.md §6; Mongrel2's
     * libzmq never showed it): prime the link before the scenarios count on every request.
     */
    @Override
    AutoCloseable startHandler(Mongrel2.Endpoints e) throws Exception {
        AutoCloseable handler = super.startHandler(e);
        for (int i = 0; i < 5; i++) {
            if (Curl.run("-m", "3", server.url("/echo/warm")).startsWith("GET /echo/warm")) {
                demo.seen.clear();
                demo.disconnected.clear();
                return handler;
            }
        }
        handler.close();
        throw new AssertionError("the handler never answered through the gateway: " + server.log());
    }
}
