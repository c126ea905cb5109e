/**
 * The server's side of the handler protocol, ready for Throng's gateway to sit on top of.
 *
 * <p>{@link io.throng.mongrel.gateway.GatewayConfigParser} reads the gateway's text configuration
 * (hosts, routes, handlers, static directories; format in docs/gateway.md) into a
 * {@link io.throng.mongrel.gateway.GatewayConfig}, and {@link io.throng.mongrel.gateway.Router} routes
 * requests the way Mongrel2 does: host by longest suffix of {@code Host:}, route by longest prefix, then
 * the route's pattern must match or the answer is 404.
 *
 * <p>{@link io.throng.mongrel.gateway.HandlerPort} binds a route's PUSH/SUB pair exactly as Mongrel2 does,
 * so unmodified Mongrel2 handlers (pyzmq, m2r, the Throng SDK) connect to it. The HTTP front-end turns
 * client requests into {@link io.throng.mongrel.wire.Request} records, sends them through the port (or, for
 * {@code local:NAME} handlers, through {@link io.throng.mongrel.handler.InProcess#link}) and writes each
 * reply's bytes to the connections it names.
 *
 * <p>Invariants: each ZeroMQ socket is used by exactly one thread; replies are never dropped by the
 * port itself (unbounded SUB high-water mark by default); the number of connected handlers is known at
 * all times, so "no handler" can be answered at once rather than after a timeout.
 */
package io.throng.mongrel.gateway;
