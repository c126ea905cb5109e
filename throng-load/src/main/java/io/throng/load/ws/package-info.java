/**
 * {@code throng load ws}: WebSocket load with per-message latency.
 *
 * <h2>Two workloads</h2>
 * <ul>
 *   <li><b>Echo</b>: {@code c} connections to an echo endpoint. Closed model: each keeps {@code pipeline} messages
 *       in flight and sends the next when one comes back. Open model ({@code --rate R}): R messages per second in
 *       total, message {@code k} due at {@code start + k/R} on connection {@code k mod c}, sent at its due time
 *       whatever the server is doing. Latency is the round trip from the intended send time.</li>
 *   <li><b>Fan-out</b>: {@code c} receivers and {@code s} senders join a broadcast endpoint (every message to
 *       every member). Senders send at {@code R} messages per second (open) or each on the return of its previous
 *       message (closed); every receiver measures every delivery, from the send time carried in the message.
 *       Messages per second are deliveries, so {@code R} sent to 1000 receivers is {@code 1000 R} delivered.</li>
 * </ul>
 *
 * <h2>No shared state between sender and receiver</h2>
 * Every message carries a {@link io.throng.load.ws.Stamp}: intended and actual send times, the sender's id and
 * sequence number. Whoever receives it — the connection that sent it (echo), any receiver in any worker process
 * (fan-out) — measures it alone: {@link System#nanoTime()} is the system's monotonic clock on Linux, the same in
 * every process on one machine. Sequence numbers let each receiver count deliveries skipped by the server (a
 * broadcast endpoint that drops for slow members) as <em>lost</em>, and duplicates or reorderings as protocol
 * errors; the first message seen from a sender sets the baseline, so joining a moment late costs nothing.
 *
 * <h2>What counts</h2>
 * Only messages stamped and received within the measured phase are in the histograms. Echoes still outstanding
 * at the end are reported as unanswered (like {@code load http}). Every connection asked for ends in one bucket
 * of {@link io.throng.load.Connects} before measuring begins (held, refused, timed out, failed, not started; the
 * rule is on {@link io.throng.load.ws.WsEngine#connect()}): no attempt goes on into the measured phase, and none
 * is retried. Failed ones are {@code connect} errors, never-started ones {@code not_started} errors. One that
 * closes during the phase is a {@code closed} error; a send refused by the client's own queue (256 MiB, so only
 * against a server that stopped reading for a long time) is a write error.
 *
 * <h2>Threads</h2>
 * Connections are {@link io.throng.websocket.WebSocketClient}s — a reader and a writer virtual thread each —
 * so the load runs on the same engine as the server under test and costs two parked virtual threads per idle
 * receiver. Many readers record at once, hence {@link io.throng.load.ws.WsMeter}'s multi-writer recorders. One
 * platform pacer thread drives the open model's schedule; sends never block (the client's outbound queue).
 *
 * <h2>wss://</h2>
 * The same client over TLS; whom it trusts is the workload's ({@code caFile}, {@code insecure}, else the JDK's
 * store), sent to every worker. A wss:// connection connects by the URL's host name, so that the certificate
 * is checked against it; a ws:// one by the address the target policy resolved.
 */
package io.throng.load.ws;
