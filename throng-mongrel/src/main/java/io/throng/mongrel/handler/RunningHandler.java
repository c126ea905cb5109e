package io.throng.mongrel.handler;

import java.time.Duration;

/** A started handler. {@link #close()} stops taking requests, lets running ones finish, flushes replies. */
public interface RunningHandler extends AutoCloseable {

    /** Waits until the handler can both receive requests and have its replies heard. */
    boolean awaitReady(Duration timeout) throws InterruptedException;

    /** Messages received and given to the handler so far. */
    long received();

    @Override
    void close();
}
