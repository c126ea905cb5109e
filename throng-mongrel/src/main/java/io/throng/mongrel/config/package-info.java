/**
 * What the gateway serves, from its configuration file: listen addresses, hosts, routes, handlers and
 * static directories, and the routing of a request through them.
 *
 * <p>{@link io.throng.mongrel.config.GatewayConfigParser} reads the gateway's text configuration (format
 * in docs/gateway.md) into a {@link io.throng.mongrel.config.GatewayConfig}; errors name the line. {@link
 * io.throng.mongrel.config.Router} routes requests the way Mongrel2 does: host by longest suffix of {@code
 * Host:}, route by longest prefix, then the route's pattern ({@link io.throng.mongrel.config.RoutePattern})
 * must match or the answer is 404.
 *
 * <p>Invariants: a configuration that parses is consistent (every route names a handler
 * the file defines); the router is immutable and safe to share between threads.
 */
package io.throng.mongrel.config;
