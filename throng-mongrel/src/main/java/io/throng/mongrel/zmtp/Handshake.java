package io.throng.mongrel.zmtp;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Both sides' opening: each sends its greeting and READY at once (ZMTP 3 allows the whole greeting in
 * one go; libzmq and JeroMQ accept it), then reads the peer's. The result says what the peer is; any
 * refusal is a {@link ZmtpException} and the caller closes the connection. A peer refused after its
 * greeting (a broken or unexpected READY, a socket type we cannot talk to) is first sent an ERROR
 * command with the reason, as ZMTP 3 asks, so that it knows why (unless it sent ERROR itself).
 */
public final class Handshake {

    /** Where bytes go: writes all of them, blocking if it must. */
    @FunctionalInterface
    public interface Sink {
        void write(ByteBuffer src) throws IOException;
    }

    /** What the handshake learnt: the peer's greeting (its version) and socket type. */
    public record Peer(Greeting greeting, SocketType type) {}

    private Handshake() {
    }

    /** Our greeting and READY in one buffer, so that they leave in one write. */
    static ByteBuffer opening(SocketType ours) {
        ByteBuffer ready = Command.ready(ours);
        return ByteBuffer.allocate(Greeting.LENGTH + ready.remaining()).put(Greeting.ours()).put(ready).flip();
    }

    /** Runs the handshake for a socket of type {@code ours}. */
    public static Peer run(SocketType ours, FrameReader in, Sink out) throws IOException {
        out.write(opening(ours));
        Greeting greeting = in.greeting();
        Command first;
        try {
            Frame frame = in.next();
            if (!frame.command()) {
                throw new ZmtpException("expected READY, got a message");
            }
            first = Command.parse(frame.body());
            if (!first.name().equals(Command.ERROR)) {
                return new Peer(greeting, first.peerType(ours));
            }
        } catch (ZmtpException e) {
            throw refuse(out, e);
        }
        // The peer refused us and said why: it gets no ERROR back.
        throw new ZmtpException("peer refused the handshake: " + first.errorReason());
    }

    /** Tells the peer why it is refused (as far as its socket still takes it), and returns the refusal. */
    private static ZmtpException refuse(Sink out, ZmtpException why) {
        try {
            out.write(Command.error(why.getMessage()));
        } catch (IOException ignored) {
            // the peer is gone already: the reason stays in our log
        }
        return why;
    }
}
