package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connection's wrappers of a detached socket pass every call on, and the stash changes only what it must. */
class ForwardingStreamTest {

    /** A socket end that can watch its readiness, as the epoll engine's: it keeps the wake-up it is given. */
    private static final class Watching implements ByteStream {
        private final MemoryStream end;
        Runnable wake;

        Watching(MemoryStream end) {
            this.end = end;
        }

        @Override
        public boolean whenReadable(Runnable w) throws IOException {
            if (!end.isOpen()) {
                throw new ClosedChannelException();
            }
            wake = w;
            return true;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return end.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return end.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return end.write(srcs, offset, length);
        }

        @Override
        public void shutdownOutput() throws IOException {
            end.shutdownOutput();
        }

        @Override
        public boolean isOpen() {
            return end.isOpen();
        }

        @Override
        public void close() {
            end.close();
        }
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String read(ByteStream s, int max) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(max);
        int n = s.read(b);
        return new String(b.array(), 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void stashedStreamKeepsItsReaderWhileBytesAreStashedThenLetsTheSocketWatch() throws IOException {
        try (MemoryStream.Pair pair = MemoryStream.pair()) {
            Watching socket = new Watching(pair.server());
            StashedStream stream = new StashedStream(bytes("GET"), socket);
            Runnable wake = () -> {};

            // The stashed bytes are readable now: letting the reader go would strand them.
            assertFalse(stream.whenReadable(wake));
            assertNull(socket.wake);
            assertEquals("GET", read(stream, 16));

            // Stash drained: the socket's own watch takes over (the wrapper used to answer false for good,
            // so a handed-off WebSocket reader over it could never let go of its thread).
            assertTrue(stream.whenReadable(wake));
            assertSame(wake, socket.wake);

            pair.client().write(bytes(" /"));
            assertEquals(" /", read(stream, 16));
        }
    }

    @Test
    void stashedStreamPartlyReadStillRefusesToWait() throws IOException {
        try (MemoryStream.Pair pair = MemoryStream.pair()) {
            Watching socket = new Watching(pair.server());
            StashedStream stream = new StashedStream(bytes("abcdef"), socket);
            assertEquals("abc", read(stream, 3));
            assertFalse(stream.whenReadable(() -> {}));
            assertNull(socket.wake);
            assertEquals("def", read(stream, 16));
            assertTrue(stream.whenReadable(() -> {}));
        }
    }

    @Test
    void stashedStreamClosedWithBytesStashedSaysClosed() throws IOException {
        try (MemoryStream.Pair pair = MemoryStream.pair()) {
            StashedStream stream = new StashedStream(bytes("x"), new Watching(pair.server()));
            stream.close();
            assertThrows(ClosedChannelException.class, () -> stream.whenReadable(() -> {}));
        }
    }

    @Test
    void writesAndHalfCloseReachTheSocket() throws IOException {
        try (MemoryStream.Pair pair = MemoryStream.pair()) {
            StashedStream stream = new StashedStream(bytes("x"), pair.server());
            stream.write(new ByteBuffer[] {bytes("he"), bytes("llo")}, 0, 2);
            stream.shutdownOutput();
            assertEquals("hello", read(pair.client(), 16));
            assertEquals(-1, pair.client().read(ByteBuffer.allocate(1)));
        }
    }

    /**
     * Every method a ByteStream has, ForwardingStream passes on itself: a default method added to the
     * interface later would otherwise silently answer its default in both wrappers (whenReadable did).
     */
    @Test
    void forwardingStreamOverridesEveryMethodOfByteStream() {
        List<String> missing = new ArrayList<>();
        for (Method m : ByteStream.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                Method own = ForwardingStream.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                if (Modifier.isAbstract(own.getModifiers())) {
                    missing.add(m.getName());
                }
            } catch (NoSuchMethodException e) {
                if (!(m.getName().equals("write") && m.getParameterCount() == 1 && m.getParameterTypes()[0].isArray())) {
                    missing.add(m.toString());
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}
