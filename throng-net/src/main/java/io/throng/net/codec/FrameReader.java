package io.throng.net.codec;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * Reads frames from a blocking stream ({@link io.throng.net.ByteStream}, or any readable channel) with
 * one {@link Framing}: {@code read()} returns the next frame, waiting for its bytes.
 *
 * <p>Memory: one buffer, 8 KiB or the framing's whole {@link Framing#maxBuffered()} if smaller, grown
 * only while a frame needs it and never past {@code maxBuffered()}, shrunk back once empty. It reads
 * ahead as much as the buffer holds, so a burst of small frames costs one read.
 *
 * <p>Errors end the stream: after a {@link MalformedFrameException} or {@link FrameTooLongException} the
 * reader has closed the channel without reading further (the one exception: a length-field framing told
 * not to fail fast skips the frame and goes on). Not thread-safe: one reading thread.
 *
 * <p>Two ways to take a frame: {@link #read()} copies it into an array the caller keeps; {@link #readView()}
 * hands a view of the reader's own buffer, valid until the next read, for code that is done with the
 * frame before it reads again (an echo, a parser, a relay into a write batch) and so need not copy it.
 *
 * <p>Timeouts: with {@link ReadTimeouts} the reader gives up on a peer that is silent too long (per read)
 * or sends a frame too slowly (per frame): it closes the stream and throws
 * {@link java.net.SocketTimeoutException}. Without them it waits as long as the stream is open.
 */
public final class FrameReader {

    private static final int INITIAL = 8192;

    private final ReadableByteChannel in;
    private final Framing framing;
    private final int initial;
    private final ReadWatch watch; // null without timeouts
    private byte[] buf;
    private ByteBuffer window; // wraps buf for channel reads
    private ByteBuffer view;   // what readView() hands out: wraps the buffer the last frame lies in
    private int start;   // where the next frame begins
    private int scanned; // [start, scanned) was offered to the framing and held no whole frame
    private int end;     // bytes buffered end here

    public FrameReader(ReadableByteChannel in, Framing framing) {
        this(in, framing, ReadTimeouts.NONE);
    }

    /** A reader that closes {@code in} and throws {@link java.net.SocketTimeoutException} past {@code timeouts}. */
    public FrameReader(ReadableByteChannel in, Framing framing, ReadTimeouts timeouts) {
        this.in = in;
        this.watch = timeouts.enforced() ? new ReadWatch(in, timeouts) : null;
        this.framing = framing;
        this.initial = Math.min(INITIAL, framing.maxBuffered());
        this.buf = new byte[initial];
        this.window = ByteBuffer.wrap(buf);
    }

    public Framing framing() {
        return framing;
    }

    /**
     * The next frame, waiting for its bytes; null at the end of the stream between frames.
     *
     * @throws EOFException if the stream ends inside a frame
     * @throws MalformedFrameException if the bytes break the framing (the channel is closed)
     * @throws FrameTooLongException if a frame exceeds the framing's limit (the channel is closed unless
     *     the framing does not fail fast)
     * @throws java.net.SocketTimeoutException if a {@link ReadTimeouts timeout} passed (the channel is closed)
     */
    public byte[] read() throws IOException {
        ByteBuffer frame = readView();
        if (frame == null) {
            return null;
        }
        byte[] copy = new byte[frame.remaining()];
        frame.get(frame.position(), copy);
        return copy;
    }

    /**
     * The next frame as a view of this reader's buffer, waiting for its bytes; null at the end of the stream
     * between frames. The frame's bytes lie between the view's position and limit. The view is valid until
     * the next call to {@code read} or {@code readView} on this reader, which may reuse both the buffer and
     * the view object: take what you need (write it, parse it, copy it) before reading again. Moving its
     * position or changing its bytes harms nothing the reader still needs. Throws as {@link #read()}.
     */
    public ByteBuffer readView() throws IOException {
        if (watch == null) {
            return readFrame();
        }
        try {
            ByteBuffer frame = readFrame();
            watch.frameDone();
            if (frame == null) {
                watch.stop();
            }
            return frame;
        } catch (FrameTooLongException e) {
            if (framing.failFast()) {
                watch.stop();
            } else {
                watch.frameDone(); // skipped: the stream goes on
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            watch.stop(); // every other failure closed the stream
            throw e;
        }
    }

    private ByteBuffer readFrame() throws IOException {
        while (true) {
            if (end > start) {
                Framing.Cut cut = cut();
                if (cut != null) {
                    ByteBuffer frame = view(cut.start(), cut.end());
                    start = scanned = cut.next();
                    if (start == end) {
                        empty();
                    }
                    return frame;
                }
                scanned = end;
            }
            makeRoom();
            int n = fill(window.limit(buf.length).position(end), end > start);
            if (n < 0) {
                if (start == end) {
                    return null;
                }
                in.close();
                throw new EOFException("stream ended inside a frame, after " + (end - start) + " of its bytes");
            }
            end += n;
        }
    }

    /**
     * The reused view over {@code buf[from, to)}. After a large frame {@link #empty()} swaps in a smaller
     * buffer, but the view keeps the large one, so the frame it shows stays whole until the next read.
     */
    private ByteBuffer view(int from, int to) {
        if (view == null || view.array() != buf) {
            view = ByteBuffer.wrap(buf);
        }
        return view.clear().position(from).limit(to);
    }

    private Framing.Cut cut() throws IOException {
        try {
            return framing.cut(buf, start, scanned, end);
        } catch (FrameTooLongException e) {
            if (framing.failFast()) {
                in.close();
            } else {
                skip(e.length());
            }
            throw e;
        } catch (MalformedFrameException e) {
            in.close();
            throw e;
        }
    }

    /** Drops a frame of {@code length} bytes that begins at {@code start}, reading through the buffer. */
    private void skip(long length) throws IOException {
        long left = length - (end - start); // the frame exceeds the buffer, so all of it is this frame's
        empty();
        while (left > 0) {
            int n = fill(window.limit((int) Math.min(buf.length, left)).position(0), true);
            if (n < 0) {
                in.close();
                throw new EOFException("stream ended inside a skipped frame, " + left + " bytes short");
            }
            left -= n;
        }
    }

    /** One read from the stream, under the timeouts if there are any; {@code midFrame} if part of a frame is in. */
    private int fill(ByteBuffer dst, boolean midFrame) throws IOException {
        if (watch == null) {
            return in.read(dst);
        }
        watch.reading(midFrame);
        int n;
        try {
            n = in.read(dst);
        } catch (IOException e) {
            throw watch.failed(e);
        }
        watch.read();
        return n;
    }

    private void empty() {
        start = scanned = end = 0;
        if (buf.length > initial) {
            buf = new byte[initial]; // one large frame must not pin a large buffer for the connection's life
            window = ByteBuffer.wrap(buf);
        }
    }

    /** The buffer's size now, for tests of the memory bound. */
    int bufferCapacity() {
        return buf.length;
    }

    /** Compacts, else grows (within maxBuffered), so at least one byte can be read. */
    private void makeRoom() {
        if (end < buf.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
            return;
        }
        int max = framing.maxBuffered();
        if (buf.length >= max) { // a framing refuses a frame before it outgrows maxBuffered
            throw new IllegalStateException(framing + " buffered " + max + " bytes without a frame");
        }
        buf = Arrays.copyOf(buf, (int) Math.min(max, 2L * buf.length));
        window = ByteBuffer.wrap(buf);
    }
}
