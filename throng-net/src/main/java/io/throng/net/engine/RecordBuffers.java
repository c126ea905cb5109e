package io.throng.net.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A few record-sized buffers shared by every {@link TlsSession} of the process, so that a request and its
 * response do not each allocate (and zero) a fresh 16 KiB+ buffer: {@code SSLEngine.wrap} refuses a
 * destination with less room than its largest record, whatever it will write, and a read cannot know how
 * much will come before it reads.
 *
 * <p>Only buffers that hold nothing but ciphertext go back, bytes that crossed the wire anyway: the engine
 * writes a record's plaintext into a wrap's destination and encrypts it there, so a buffer goes back only after
 * its write returned (a write that failed, maybe between the two, drops it); and a read's buffer goes back once
 * what came is copied out, before the engine decrypts anything (it decrypts in place, in the copy). Bounded: a few slots, scanned
 * without locks; when all are taken a session allocates, as it did before, and a buffer given back to full
 * slots is left to the collector.
 */
final class RecordBuffers {
    private static final AtomicReferenceArray<ByteBuffer> FREE =
            new AtomicReferenceArray<>(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));

    private RecordBuffers() {}

    /** A cleared buffer of at least {@code size} bytes: a free one if there is one that large, else a new one. */
    static ByteBuffer take(int size) {
        for (int i = 0; i < FREE.length(); i++) {
            ByteBuffer b = FREE.get(i);
            if (b != null && b.capacity() >= size && FREE.compareAndSet(i, b, null)) {
                return b.clear();
            }
        }
        return ByteBuffer.allocate(size);
    }

    /** Gives back a buffer whose bytes were all sent; kept if a slot is free. */
    static void give(ByteBuffer b) {
        for (int i = 0; i < FREE.length(); i++) {
            if (FREE.get(i) == null && FREE.compareAndSet(i, null, b)) {
                return;
            }
        }
    }
}
