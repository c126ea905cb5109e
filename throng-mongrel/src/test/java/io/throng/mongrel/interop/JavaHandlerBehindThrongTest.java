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
}
