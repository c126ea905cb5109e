package io.throng.net.codec;

import io.throng.net.MemoryStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/** Test helpers: feed bytes into a stream from a virtual thread, as a peer on the other end would. */
final class Streams {
    private Streams() {}

    /** A peer that writes {@code bytes} and then shuts its output (the reader sees end of stream). */
    static Thread send(MemoryStream peer, byte[] bytes) {
        return Thread.ofVirtual().start(() -> {
            try {
                peer.write(ByteBuffer.wrap(bytes));
                peer.shutdownOutput();
            } catch (IOException e) {
                // the reader closed its end: what a hostile-input test expects
            }
        });
    }

    /**
     * A peer that writes {@code prefix}, then the byte {@code filler} for ever, until the other end is
     * closed; {@code written} counts what it managed to write.
     */
    static Thread endless(MemoryStream peer, byte[] prefix, byte filler, AtomicLong written) {
        return Thread.ofVirtual().start(() -> {
            try {
                peer.write(ByteBuffer.wrap(prefix));
                written.addAndGet(prefix.length);
                byte[] chunk = new byte[1024];
                java.util.Arrays.fill(chunk, filler);
                while (true) {
                    peer.write(ByteBuffer.wrap(chunk));
                    written.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // the reader closed: the end of the endless peer
            }
        });
    }

    /** Waits until {@code condition} holds, failing after 30 seconds: a lost wake-up fails with a message. */
    static void until(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                org.junit.jupiter.api.Assertions.fail("timed out waiting until " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000); // polling a condition, not synchronising
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
