package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/zerosize.go}: channels of zero-size elements ({@code chan
 * struct{}}) work, buffered and unbuffered. Java has no zero-size values; the equivalents are
 * channels whose values carry no information — an empty record, a one-constant enum — used as
 * signals. Checked: the buffer counts signals even though they are all the same object, an unbounded
 * channel holds a million of them, an unbuffered one hands them over, and closing such a channel is a
 * broadcast that releases every waiting receiver (Go's {@code close(done)} idiom).
 */
class GoZerosizeTest {

    record Signal() {}

    enum Token { TOKEN }

    @Test
    void bufferedSignalsAreCounted() throws Exception {
        Channel<Signal> c = Channel.buffered(3);
        Signal s = new Signal();
        for (int i = 0; i < 3; i++) {
            assertTrue(c.trySend(s));
        }
        assertFalse(c.trySend(s), "three identical signals fill a buffer of three");
        for (int i = 0; i < 3; i++) {
            assertSame(s, Await.recv(c));
        }
        assertEquals(Received.empty(), c.tryReceive());
    }

    @Test
    void unboundedHoldsAMillionSignals() throws Exception {
        Channel<Token> c = Channel.unbounded();
        for (int i = 0; i < 1_000_000; i++) {
            assertTrue(c.trySend(Token.TOKEN));
        }
        c.close();
        int n = 0;
        for (Token t : c) {
            assertSame(Token.TOKEN, t);
            n++;
        }
        assertEquals(1_000_000, n);
    }

    @Test
    void unbufferedSignalHandoff() throws Exception {
        Channel<Signal> c = Channel.unbuffered();
        try (Workers w = new Workers()) {
            w.virtual(() -> {
                for (int i = 0; i < 1_000; i++) {
                    Await.send(c, new Signal());
                }
            });
            for (int i = 0; i < 1_000; i++) {
                assertEquals(new Signal(), Await.recv(c));
            }
            w.join(Await.PATIENCE);
        }
    }

    @Test
    void closeIsABroadcast() throws Exception {
        Channel<Signal> done = Channel.unbuffered();
        WaitGroup released = new WaitGroup();
        try (Workers w = new Workers()) {
            for (int i = 0; i < 1_000; i++) {
                released.add(1);
                w.virtual(() -> {
                    assertEquals(Received.closed(), done.receive(Await.PATIENCE));
                    released.done();
                });
            }
            done.close();
            assertTrue(released.await(Await.PATIENCE), "close did not release every waiting receiver");
            w.join(Await.PATIENCE);
        }
    }
}
