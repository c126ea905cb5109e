/**
 * The few ZeroMQ sockets the gateway uses, behind one seam with two engines: JeroMQ (pure Java) and
 * libzmq (Debian's {@code libzmq5}) called through FFM ({@code java.lang.foreign}, no JNI).
 *
 * <p>{@link io.throng.mongrel.zmq.ZmqContext#open} picks the engine: {@code libzmq}, {@code jeromq}, or
 * {@code auto} (libzmq when the library loads, JeroMQ otherwise, with a log line that says why). The
 * fourth engine, {@code zmtp}, is not behind this seam: the gateway's handler ports speak ZMTP themselves
 * ({@code io.throng.mongrel.zmtp}); a context asked for it is {@code auto}'s. The
 * gateway's configuration ({@code zeromq ENGINE}) or the system property {@code throng.zeromq} chooses;
 * docs/gateway.md §6 has the measurements behind the default.
 *
 * <p>Threads: a ZeroMQ socket is not thread-safe in either engine; it may move between threads only with
 * a full memory barrier between uses. Nothing in this package locks: the caller owns the rule. The
 * gateway's {@code HandlerPort} keeps it by giving each socket one owner at a time (the monitor socket
 * its monitor thread; the PUSH socket whoever holds {@code pushLock}; the SUB socket whoever holds
 * {@code subLock}); thread start and lock hand-over are the barriers. A libzmq socket also owns a small
 * native area (the message struct, the send buffer), which is why it, too, is used by one thread at a time.
 */
package io.throng.mongrel.zmq;
