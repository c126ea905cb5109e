/**
 * The server's ZeroMQ side of Mongrel2's protocols, for Throng's gateway ({@code io.throng.mongrel.front})
 * to sit on top of.
 *
 * <p>{@link io.throng.mongrel.ports.HandlerPort} binds a handler's PUSH/SUB pair exactly as Mongrel2 does,
 * so unmodified Mongrel2 handlers (pyzmq, m2r, the Throng SDK) connect to it. The gateway turns client
 * requests into {@link io.throng.mongrel.wire.Request} records, sends them through the port (or, for
 * {@code local:NAME} handlers, through {@link io.throng.mongrel.handler.InProcess#link}) and writes each
 * reply's bytes to the connections it names. {@link io.throng.mongrel.ports.ControlPort} is a client of
 * Mongrel2's control port ({@code uuid}, {@code status}, {@code kill}, ...).
 *
 * <p>{@link io.throng.mongrel.ports.HandlerPort#bind} picks the implementation by engine: {@code ZmtpPort}
 * (zmtp, and auto, the default), which speaks ZMTP itself on throng-net ({@link io.throng.mongrel.zmtp}):
 * no I/O thread between the gateway's threads and the handlers' sockets; or {@code ZeroMqPort} on the ZeroMQ
 * library named (libzmq or JeroMQ).
 *
 * <p>Invariants: each ZeroMQ socket is used by one thread at a time (its own thread, or whoever holds
 * its lock: {@link io.throng.mongrel.zmq} says why that is enough for both libraries); on zmtp, each
 * handler connection is written by one thread at a time (a sender under its lock, or its writer) and
 * read by one (its reader, or the reader it was handed to); replies are never dropped by the port itself
 * (unbounded SUB high-water mark by default; zmtp reads a handler only as fast as its replies are
 * handled); requests from one thread keep their order; the number of connected handlers is known at
 * all times, so "no handler" can be answered at once rather than after a timeout.
 */
package io.throng.mongrel.ports;
