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

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
