package io.throng.mongrel.interop;

import java.nio.file.Path;

/** examples/python/demo.py (pyzmq) behind Throng's gateway: the same scenarios as behind Mongrel2. */
class PythonHandlerBehindThrongTest extends PythonHandlerBehindMongrel2Test {

    @Override
    Front startFront(Path dir) throws Exception {
        PythonDemo.assumePythonZmq();
        return ThrongFront.start(SEND_IDENT, protocol(), "");
    }
}
