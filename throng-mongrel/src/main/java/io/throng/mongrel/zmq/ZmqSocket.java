package io.throng.mongrel.zmq;

/**
 * One ZeroMQ socket, whichever engine made it. Not thread-safe: one thread at a time (package doc).
 * Calls throw {@link ZmqFailure} on errors other than a timeout or a full queue.
 */
public sealed interface ZmqSocket extends AutoCloseable permits JeroMqSocket, LibZmqSocket {

    /** Do not wait (zmq.h's ZMQ_DONTWAIT; the same value in JeroMQ). */
    int DONTWAIT = 1;
    /** More frames follow (ZMQ_SNDMORE). */
    int SNDMORE = 2;
    /** Monitor event: a peer connected to a bound socket (ZMQ_EVENT_ACCEPTED). */
    int EVENT_ACCEPTED = 0x0020;
    /** Monitor event: a peer's connection closed (ZMQ_EVENT_DISCONNECTED). */
    int EVENT_DISCONNECTED = 0x0200;

    void sendHighWater(int messages);

    /** 0 means no limit. */
    void receiveHighWater(int messages);

    /** Queue messages only to peers whose connection is complete (ZMQ_IMMEDIATE). */
    void immediate(boolean on);

    void handshakeMillis(int millis);

    /** On an XPUB: past the high-water mark a send waits (or fails with DONTWAIT) instead of dropping. */
    void xpubNoDrop(boolean on);

    void lingerMillis(int millis);

    /** How long a blocking send waits before it gives up (-1: for ever). */
    void sendTimeoutMillis(int millis);

    /** How long a blocking receive waits before it returns null (-1: for ever). */
    void receiveTimeoutMillis(int millis);

    /** A peer sending a larger message is disconnected (-1: no limit). */
    void maxMessageBytes(long bytes);

    void subscribe(byte[] prefix);

    void bind(String endpoint);

    void connect(String endpoint);

    /** Sends one frame; false if it could not be queued in time (or at once, with {@link #DONTWAIT}). */
    boolean send(byte[] frame, int flags);

    /** Receives one frame; null if none arrived in time (or at once, with {@link #DONTWAIT}). */
    byte[] receive(int flags);

    /** Whether the frame last received has more frames after it. */
    boolean hasMore();

    /**
     * Reads ZMQ_EVENTS, which makes the socket process its pending commands (e.g. drop a dead peer's
     * pipe) at once; returns the event bits.
     */
    int processCommands();

    /** Publishes {@code events} (a mask of EVENT_*) on a PAIR socket at {@code endpoint} (inproc). */
    void monitor(String endpoint, int events);

    /**
     * On a PAIR socket connected to a monitor endpoint: the next event, or 0 if none in time; values
     * other than the EVENT_* constants are events nobody asked for.
     */
    int receiveEvent();

    @Override
    void close();
}
