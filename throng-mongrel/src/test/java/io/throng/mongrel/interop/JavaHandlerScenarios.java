package io.throng.mongrel.interop;

import io.throng.mongrel.handler.HandlerOptions;
import io.throng.mongrel.handler.Handlers;
import io.throng.mongrel.handler.RunningHandler;
import io.throng.mongrel.handler.Transport;
import java.time.Duration;

/**
 * The scenarios served by Throng's Java SDK running {@link DemoHandler} over ZeroMQ: the set-up the Java
 * handler tests share, whatever the header protocol and the server in front.
 */
abstract class JavaHandlerScenarios extends InteropScenarios {

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
}
