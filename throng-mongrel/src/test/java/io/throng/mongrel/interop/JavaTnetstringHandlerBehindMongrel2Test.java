package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.throng.mongrel.wire.HeaderFormat;
import io.throng.mongrel.wire.Request;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same scenarios with Mongrel2's tnetstring header protocol. */
class JavaTnetstringHandlerBehindMongrel2Test extends JavaHandlerScenarios {

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
