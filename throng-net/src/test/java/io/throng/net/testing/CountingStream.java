package io.throng.net.testing;

import io.throng.net.ByteStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test's {@link ByteStream} over another (usually one end of a {@link io.throng.net.MemoryStream} pair)
 * that records its writes, for tests that count how many writes a sender makes and which kind: every write
 * call, of whatever kind, in order; what each write that does not wait was offered, and from which thread.
 * Its {@link #writeNow} takes at most {@code nowLimit} bytes, so a test can force partial writes every time
 * rather than when a kernel buffer happens to fill; it never waits as long as the inner stream has room
 * (a MemoryStream pair far larger than what the test sends). Shared by the modules' tests through
 * throng-net's test-jar.
 */
public final class CountingStream implements ByteStream {
    private final ByteStream inner;
    private final int nowLimit;
    /** The bytes each write call took, whichever kind (write, gathering write, write without waiting), in order. */
    public final List<Long> writes = new CopyOnWriteArrayList<>();
    /** The bytes offered to each {@link #writeNow} call, in order. */
    public final List<Integer> offeredNow = new CopyOnWriteArrayList<>();
    /** The threads that called {@link #writeNow}. */
    public final Set<Thread> nowWriters = ConcurrentHashMap.newKeySet();

    /** Records the writes to {@code inner}; a write without waiting takes all it is offered. */
    public CountingStream(ByteStream inner) {
        this(inner, Integer.MAX_VALUE);
    }

    /** Records the writes to {@code inner}; a write without waiting takes at most {@code nowLimit} bytes. */
    public CountingStream(ByteStream inner, int nowLimit) {
        this.inner = inner;
        this.nowLimit = nowLimit;
    }

    /** The bytes taken by all write calls so far. */
    public long written() {
        return writes.stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public int writeNow(ByteBuffer src) throws IOException {
        nowWriters.add(Thread.currentThread());
        offeredNow.add(src.remaining());
        ByteBuffer part = src.slice(src.position(), Math.min(nowLimit, src.remaining()));
        int n = inner.write(part);
        src.position(src.position() + n);
        writes.add((long) n);
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = inner.write(src);
        writes.add((long) n);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long n = inner.write(srcs, offset, length);
        writes.add(n);
        return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return inner.read(dst);
    }

    @Override
    public void shutdownOutput() throws IOException {
        inner.shutdownOutput();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
