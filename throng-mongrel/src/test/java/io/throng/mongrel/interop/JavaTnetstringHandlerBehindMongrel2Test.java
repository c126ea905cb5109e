package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.throng.mongrel.handler.Handlers;
import io.throng.mongrel.handler.HandlerOptions;
import io.throng.mongrel.handler.RunningHandler;
import io.throng.mongrel.handler.Transport;
import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.wire.Request;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same scenarios with Mongrel2's tnetstring header protocol. */
class JavaTnetstringHandlerBehindMongrel2Test extends InteropScenarios {

    final DemoHandler demo = new DemoHandler();

    @Override
    AutoCloseable startHandler(Mongrel2.Endpoints e) throws Exception {
        RunningHandler h = Handlers.start(new Transport.ZeroMq(e.requests(), e.replies()), demo, HandlerOptions.DEFAULTS);
        if (!h.awaitReady(Duration.ofSeconds(20))) {
            h.close();
            throw new AssertionError("handler never heard Mongrel2's subscription: " + server.log());
        }
        return h;
    }

    @Override
    String protocol() {
        return "tnetstring";
    }

    @Test
    void repeatedHeadersArriveAsATnetstringList() throws Exception {
        demo.seen.clear();
        Curl.run("-H", "X-Test: a", "-H", "X-Test: b", server.url("/echo/t"));
        Request r = demo.seen.poll(10, TimeUnit.SECONDS);
        assertEquals(HeaderFormat.TNETSTRING, r.format());
        assertEquals(List.of("a", "b"), r.headers().all("x-test"));
    }
}
