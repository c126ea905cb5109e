/**
 * The HTTP front-end of the Mongrel2-compatible gateway ({@code ./throng gateway --config FILE}), on
 * throng-http.
 *
 * <p>{@link io.throng.mongrel.front.Gateway} binds each configured handler's PUSH/SUB pair and serves
 * HTTP. A request for a static directory is served by throng-http's {@code StaticFiles}; the first
 * request of a connection that routes to a handler takes the connection over ({@code
 * Response.takeOver()} then {@code Connection.detach()}) and makes it a relay, as in Mongrel2: one
 * virtual thread reads requests and WebSocket frames and forwards them, another writes reply bytes to
 * the socket unparsed. The requests after the first are parsed by throng-http's own {@code RequestParser}
 * with the server's limits ({@code RelayedHeads}): one HTTP parser, one set of refusals. Replies find their connection by id, so broadcasts, long-polls, streamed
 * responses and WebSocket frames need nothing special. A reply to one connection with nothing queued
 * for it is written straight from the handler port's receive thread (what fits in the socket buffer;
 * the rest goes to the writer and the connection is marked slow); {@code HandlerPort}'s watchdog keeps a
 * write that blocks anyway from holding up other connections. Every {@code listen} address has its
 * own throng-http server ({@code tls} ones over TLS, with their own certificate or the command's, never
 * silently plain); all share the router, the handler ports and the connection ids. A relay knows its
 * {@code Peer} (address, scheme), which the handler sees as {@code REMOTE_ADDR} and {@code URL_SCHEME}.
 *
 * <p>Invariants: a reply is never dropped by the gateway while its connection lives (the per-connection
 * mailbox is unbounded up to a byte cap — 16 MiB, or the handler's {@code credits} — past which the
 * client is dropped as too slow — never a reply silently lost on a live connection); replies to one
 * connection reach its socket in the order they arrived (the fast path writes only when the writer has
 * nothing queued, under the same lock); under {@code credits} every byte of a handler's replies that
 * reaches the socket is given back to that handler in a credits notice; a connection ends with exactly one disconnect notice to its last
 * handler unless the handler itself closed it; every answer the gateway writes itself (404, 413, 502,
 * 503, 504) closes the connection, because the handler may still write to it and the client could not
 * tell whose response is whose.
 */
package io.throng.mongrel.front;
