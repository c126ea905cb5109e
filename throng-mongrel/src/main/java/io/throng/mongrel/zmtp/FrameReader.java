package io.throng.mongrel.zmtp;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads ZMTP frames from a byte source: the one parser for both of the gateway's sockets. Sizes off the
 * wire are checked before anything is allocated for them: a frame longer than {@code maxFrameBytes} is
 * refused from its header, before its body is read.
 */
public final class FrameReader {

    /** Where bytes come from: a connection during the handshake, its detached stream after. */
    @FunctionalInterface
    public interface Source {
        /** Reads into {@code dst}; blocks until at least one byte or the end of stream (-1). */
        int read(ByteBuffer dst) throws IOException;
    }

    private final Source source;
    private final long maxFrameBytes;
    /** Bytes read but not yet parsed, between position and limit (read mode). */
    private final ByteBuffer buffer;

    public FrameReader(Source source, long maxFrameBytes, int bufferBytes) {
        this.source = source;
        this.maxFrameBytes = maxFrameBytes;
        this.buffer = ByteBuffer.allocate(Math.max(bufferBytes, Greeting.LENGTH)).flip();
    }

    /** The peer's 64-byte greeting, parsed (and refused if wrong). */
    public Greeting greeting() throws IOException {
        byte[] g = new byte[Greeting.LENGTH];
        // The signature comes first and alone decides whether this is ZMTP at all: check it as soon as
        // it is here, so that a peer speaking something else is refused without waiting for 64 bytes.
        fill(10);
        buffer.get(g, 0, 10);
        if ((g[0] & 0xFF) != 0xFF || g[9] != 0x7F) {
            throw new ZmtpException("not a ZMTP peer: bad greeting signature");
        }
        fill(Greeting.LENGTH - 10);
        buffer.get(g, 10, Greeting.LENGTH - 10);
        return Greeting.parse(g);
    }

    /** The next frame; EOFException if the stream ends (cleanly between frames, or truncated inside one). */
    public Frame next() throws IOException {
        fill(2);
        int flags = buffer.get() & 0xFF;
        if ((flags & ~(Frame.MORE | Frame.LONG | Frame.COMMAND)) != 0) {
            throw new ZmtpException("frame flags 0x" + Integer.toHexString(flags) + " have reserved bits set");
        }
        boolean command = (flags & Frame.COMMAND) != 0;
        boolean more = (flags & Frame.MORE) != 0;
        if (command && more) {
            throw new ZmtpException("a command frame with MORE set");
        }
        long size;
        if ((flags & Frame.LONG) != 0) {
            fill(8);
            size = buffer.getLong();
            if (size < 0) {
                throw new ZmtpException("frame size over 2^63");
            }
        } else {
            size = buffer.get() & 0xFF;
        }
        if (size > maxFrameBytes) {
            throw new ZmtpException("frame of " + size + " bytes over the limit of " + maxFrameBytes);
        }
        byte[] body = new byte[(int) size];
        int have = Math.min(buffer.remaining(), body.length);
        buffer.get(body, 0, have);
        if (have < body.length) {
            ByteBuffer rest = ByteBuffer.wrap(body, have, body.length - have);
            while (rest.hasRemaining()) {
                if (source.read(rest) < 0) {
                    throw new EOFException("stream ended inside a frame");
                }
            }
        }
        return new Frame(more, command, body);
    }

    /** Makes sure {@code n} bytes are buffered (n ≤ the buffer's capacity). */
    private void fill(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return;
        }
        buffer.compact();
        try {
            while (buffer.position() < n) {
                if (source.read(buffer) < 0) {
                    throw new EOFException(buffer.position() == 0 ? "stream ended" : "stream ended inside a frame");
                }
            }
        } finally {
            buffer.flip();
        }
    }
}
