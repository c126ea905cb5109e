/**
 * The chaos proxy's engine: TCP proxies whose connections pass through toxics, as Shopify's toxiproxy
 * does, plus Throng's partition and UDP proxies.
 *
 * <h2>Layout</h2>
 * {@link io.throng.chaos.Proxies} holds the {@link io.throng.chaos.Proxy proxies} by name. A proxy
 * listens, and for each client opens the upstream connection at once and makes a {@code Link}: the two
 * sockets and a {@code Pipe} each way. A pipe is two virtual threads around a {@code ChunkQueue}: the
 * reader stamps each chunk with the time it was read, the writer runs it through the toxics and writes
 * it. The toxics are data: a sealed {@link io.throng.chaos.Toxic} with one record per type, installed
 * under a name, a stream and a toxicity as a {@link io.throng.chaos.NamedToxic} in the proxy's
 * {@code ToxicChain}; {@code Pipe} is the one place that gives them behaviour on a stream.
 *
 * <p>While no toxic touches a direction of a link, its pipe takes the <b>fast path</b>: the reader writes
 * each chunk to the other socket itself, from one direct buffer, with no hand-off to the writer.
 *
 * <p>A TCP link that no toxic touches when it starts has no threads at all at first: a {@code PassLoop}
 * (a platform thread on the JDK's {@code Selector}, one per core, at most two per process) relays it,
 * reading each socket as it becomes readable and writing to the other itself ({@code PassThrough}), so a
 * request crosses one wake-up instead of a poller's and then a virtual thread's. Once a toxic touches
 * the link, the loop hands it to its two pipes for good.
 *
 * <p>An HTTP proxy ({@link io.throng.chaos.Protocol#HTTP}) makes an {@code HttpLink} per connection
 * instead (both are a {@code ProxiedConnection}): a request thread reads requests with throng-http's
 * {@code RequestParser} and forwards each or answers it as an HTTP toxic says, a {@code ResponseRelay}
 * forwards the responses and marks where each ends, and {@code Exchanges} keeps the forwarded requests
 * in order, so the proxy's own answers wait for the responses before them.
 * Between the client's socket and that HTTP side runs a {@code Pipe} each way, as in a {@code Link},
 * joined to it by an in-memory stream: the stream toxics act on an HTTP proxy's client side too. A
 * pipe asks its connection (a {@code PipeEnds}) which toxics act and how to end.
 *
 * <p>A UDP proxy ({@link io.throng.chaos.Protocol#UDP}) has a {@code UdpRelay} instead of a listener: a
 * {@code UdpSession} per client address and port (a socket connected upstream and a thread receiving
 * the replies), {@code DatagramToxics} per direction of a session (the datagram counterpart of
 * {@code Pipe}, with a {@code GilbertElliott} chain per packet_loss toxic), and one {@code DelayLine}
 * sending held datagrams when due. {@code Draws} decides toxicity for links and sessions alike;
 * {@code Protocol.allows} says which toxics apply to which kind of proxy.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>Bounded memory.</b> A pipe holds at most {@code Pipe.CAPACITY} bytes plus one chunk. A slow
 *       sink (or a toxic that holds data: bandwidth, latency, partition) stops the writer, the queue
 *       fills, the reader stops reading, and the sender's socket buffers fill: the sender is slowed,
 *       never buffered without bound. On the fast path the reader holds one chunk, which it writes
 *       before it reads again. A UDP proxy cannot slow a sender: it drops instead, past a
 *       delay line of {@code UdpRelay.CAPACITY} bytes and {@code UdpRelay.MAX_SESSIONS} sessions.</li>
 *   <li><b>Toxicity is per connection.</b> Each link draws once per toxic (and again when the toxic is
 *       updated) whether it is affected: 0 affects no connection, 1 every one. A toxic that names a
 *       client address or network (Throng's per-client toxic) affects only connections from it. The HTTP
 *       toxics draw per request instead.</li>
 *   <li><b>Toxics apply in the order they were added</b>, on the bytes of their stream: upstream is
 *       client to server, downstream server to client. A partition stops both directions.</li>
 *   <li><b>A change takes hold at once.</b> Changing the toxics replaces the chain's immutable list and
 *       kicks every link, so a pipe held by a partition, a timeout or a rate of 0 looks again; data a
 *       partition held then flows, none lost.</li>
 *   <li><b>One writer per socket, bytes in order, at every switch.</b> The reader writes directly only
 *       once the writer has finished every chunk queued before (none waiting, none in its hand); a toxic
 *       that touches the direction sends the next chunk read into the queue. No byte is lost, reordered
 *       or written twice when toxics come and go.</li>
 *   <li><b>An HTTP proxy answers in order.</b> An answer of its own (an injected status, a 400, a drop)
 *       goes out only after the responses to every request forwarded before it, and an ending it
 *       decides (a close, the reset of a drop) reaches the client after every byte before it, through
 *       the downstream pipe.</li>
 *   <li><b>One owner of a link's bytes.</b> The loop owns a link from its start until it lets go, then the
 *       pipes do. The loop looks at the toxics before each read (and at once on a kick); when one touches
 *       the link it stops reading, cancels its keys, and only after its next select has deregistered
 *       them makes the sockets blocking and starts the pipes, handing over the bytes it read and has not
 *       written (first in their pipe's queue) and not restarting a direction that ended (its FIN went on).
 *       On the loop a direction holds at most one read that its receiver could not take, and does not
 *       read its sender until that is written.</li>
 *   <li><b>A link closes as one.</b> Either socket failing, a timeout, limit_data or reset_peer closes
 *       both sockets; a FIN passes through as a half close, and the link closes when both ways ended.
 *       Disabling a proxy closes its listener and every link.</li>
 * </ul>
 *
 * <p>The listener is a plain blocking {@code ServerSocketChannel} on a virtual thread rather than a
 * {@code TcpServer}: a proxy must connect upstream on accept, before the client says anything (servers
 * that speak first, such as MySQL or SMTP), and {@code TcpServer} serves a connection only once it is
 * readable. The sockets are used as throng-net's {@code ByteStream}s.
 */
package io.throng.chaos;
