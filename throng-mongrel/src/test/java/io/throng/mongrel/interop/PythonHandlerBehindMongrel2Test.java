package io.throng.mongrel.interop;

/** examples/python/demo.py (Debian's python3-zmq, /usr/bin/python3) serving through a real Mongrel2. */
class PythonHandlerBehindMongrel2Test extends InteropScenarios {

    @Override
    String protocol() {
        return "tnetstring";
    }

    @Override
    AutoCloseable startHandler(Mongrel2.Endpoints e) throws Exception {
        return PythonDemo.start(e.requests(), e.replies());
    }
}
