package io.throng.mongrel.zmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.handler.Ports;
import io.throng.mongrel.ports.HandlerPort;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which engine runs: the one asked for, or a clear refusal; {@code auto} falls back to JeroMQ when
 * libzmq does not load. The build runs the ZeroMQ tests once per engine (throng.zeromq), and the first
 * test here makes sure each run really used the engine it names.
 */
class EngineChoiceTest {

    @Test
    void theEngineThisRunAskedForIsTheOneInUse() {
        ZmqContext.Engine asked = ZmqContext.Engine.configured();
        try (ZmqContext context = ZmqContext.open(asked, 1)) {
            String engine = context.engine();
            switch (asked) {
                case JEROMQ -> assertEquals("jeromq", engine);
                case LIBZMQ -> assertTrue(engine.matches("libzmq \\d+\\.\\d+\\.\\d+"), engine);
                case AUTO, ZMTP -> assertTrue(engine.startsWith(LibZmq.failure().isEmpty() ? "libzmq" : "jeromq"), engine);
            }
        }
    }

    @Test
    void aMissingLibzmqIsRefusedWhenAskedForByName() {
        Optional<String> missing = LibZmq.probe("libzmq-not-here.so.0");
        assertTrue(missing.isPresent());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ZmqContext.open(ZmqContext.Engine.LIBZMQ, 1, missing));
        assertTrue(e.getMessage().contains("libzmq-not-here.so.0"), e.getMessage());
        assertTrue(e.getMessage().contains("libzmq5") && e.getMessage().contains("jeromq"), e.getMessage());
    }

    @Test
    void aLibraryThatIsNotLibzmqIsRefusedByTheFunctionItLacks() {
        // libc loads, but has none of libzmq's functions (a wrong -Dthrong.libzmq).
        Optional<String> wrong = LibZmq.probe("libc.so.6");
        assertTrue(wrong.isPresent() && wrong.get().contains("has no zmq_ctx_new"), wrong.toString());
    }

    @Test
    void theInstalledLibzmqHasEveryFunctionTheBindingUses() {
        assertEquals(Optional.empty(), LibZmq.probe(LibZmq.LIBRARY), "libzmq5 is installed on this machine (.ci/run)");
    }

    @Test
    void autoFallsBackToJeromqWhenLibzmqIsMissing() {
        try (ZmqContext context = ZmqContext.open(ZmqContext.Engine.AUTO, 1, LibZmq.probe("libzmq-not-here.so.0"))) {
            assertEquals("jeromq", context.engine());
        }
    }

    /** The gateway's ports: its own ZMTP by default (auto), a ZeroMQ library when one is named. */
    @Test
    void theGatewaysPortsRunOnTheEngineThisRunAskedFor() throws Exception {
        ZmqContext.Engine asked = ZmqContext.Engine.configured();
        try (HandlerPort port = HandlerPort.bind(Ports.endpoint(), Ports.endpoint(), "", reply -> { },
                HandlerPort.Options.DEFAULTS)) {
            String engine = port.engine();
            switch (asked) {
                case AUTO, ZMTP -> assertEquals("zmtp", engine);
                case LIBZMQ -> assertTrue(engine.matches("libzmq \\d+\\.\\d+\\.\\d+"), engine);
                case JEROMQ -> assertEquals("jeromq", engine);
            }
        }
    }

    @Test
    void anUnknownEngineNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZmqContext.Engine.parse("zmq4"));
        assertTrue(e.getMessage().contains("auto, libzmq, jeromq or zmtp"), e.getMessage());
    }
}
