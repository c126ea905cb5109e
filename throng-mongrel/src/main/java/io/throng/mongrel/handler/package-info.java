/**
 * The handler SDK: write a {@link io.throng.mongrel.handler.Handler} once, run it in-process or behind any
 * Mongrel2-compatible server over ZeroMQ by changing one configuration string
 * ({@link io.throng.mongrel.handler.Transport}: {@code local:NAME} or {@code REQUESTS REPLIES} endpoints).
 *
 * <pre>{@code
 * try (RunningHandler h = Handlers.start("tcp://127.0.0.1:9997 tcp://127.0.0.1:9996",
 *         (req, out) -> out.reply(req, HttpResponse.ok("hello " + req.path())))) { ... }
 * }</pre>
 *
 * <p>Design and invariants:
 * <ul>
 *   <li>Every message runs on its own virtual thread; requests of one connection run in arrival order
 *       (a lane per connection), notices bypass the lanes, and a disconnect drops the requests of that
 *       connection that have not started. A bounded number of messages is in flight;
 *       beyond it the handler stops pulling, so ZeroMQ's PUSH hands work to other handler processes.</li>
 *   <li>Each ZeroMQ socket is owned by one platform thread (JeroMQ sockets are not thread-safe):
 *       one receives, one sends. Handler threads reach the send thread through a bounded queue, so
 *       {@link io.throng.mongrel.handler.Responder#send} blocks rather than drops when the path is full.</li>
 *   <li>The reply socket never drops (XPUB with no-drop; a PUB on the wire) and requests are only pulled
 *       after the server's subscription has arrived, so no reply is lost to the slow-joiner gap.</li>
 *   <li>A handler that throws on an HTTP request it never answered gets a 500 sent for it, so clients do
 *       not hang until the server's idle timeout.</li>
 *   <li>{@code close()} stops pulling, waits for running handlers, then flushes queued replies.</li>
 * </ul>
 */
package io.throng.mongrel.handler;
