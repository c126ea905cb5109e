/**
 * The TCP server core every Throng protocol reuses: the API package. Users see {@link io.throng.net.TcpServer},
 * {@link io.throng.net.Protocol}, {@link io.throng.net.Connection}, {@link io.throng.net.ServerOptions},
 * {@link io.throng.net.Engine}, {@link io.throng.net.ByteStream} (a detached connection),
 * {@link io.throng.net.BufferPool} (shared by the HTTP stack), {@link io.throng.net.Prefork} and
 * {@link io.throng.net.Signals}.
 *
 * <h2>Layout</h2>
 * One package per engine, both internal: {@code io.throng.net.epoll} (raw descriptors through FFM, the
 * default on Linux x86_64) and {@code io.throng.net.nio} (JDK channels, everywhere else). They meet this
 * package at one interface, {@code io.throng.net.engine.Transport}: one accepted socket's I/O.
 * {@code TcpServer} builds the engine's listener and pollers and gives each connection its transport;
 * past the accept loop nothing here tells the engines apart. How each engine waits is in its package doc.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>A busy connection owns a virtual thread.</b> {@link io.throng.net.Connection#read} and
 *       {@link io.throng.net.Connection#write} block it, and the engine parks it; protocol code reads like
 *       thread-per-connection code because it is. Each call is one interface call into the transport.</li>
 *   <li><b>An idle connection holds no thread, or a bounded one.</b> When the protocol has nothing left
 *       to do the connection idles: on the NIO engine its thread may stay parked in a small read while
 *       {@link io.throng.net.ServerOptions#idleThreads()} slots last; otherwise (always on epoll) it goes
 *       <em>cold</em>: no thread, no buffer, and the engine's poller runs its wake-up when bytes arrive,
 *       which starts a virtual thread. A new connection is served at its first bytes, unless its
 *       protocol {@linkplain io.throng.net.Protocol#speaksFirst() speaks first} (a greeting): then at
 *       accept.</li>
 *   <li><b>Upgrades: detach or hand off.</b> {@link io.throng.net.Connection#detach()} gives a protocol the
 *       socket as a {@link io.throng.net.ByteStream} while its {@code serve} keeps the thread (the server
 *       closes the connection when it returns); {@link io.throng.net.Connection#handOff()} lets the thread go:
 *       the stream's close closes the connection. On the epoll engine such a stream can be left with no
 *       thread at all ({@link io.throng.net.ByteStream#whenReadable}: the socket's own wake-up, which also
 *       runs when the socket is closed, so an owner without a thread still learns of the end); an idle
 *       WebSocket holds nothing more this way.</li>
 *   <li><b>One timer.</b> Every timeout is a single volatile deadline per connection, enforced by one
 *       sweeper thread ({@code Deadlines}) that scans live connections once per tick: an idle connection
 *       past its deadline is closed; a read blocked past it ends with
 *       {@link java.net.SocketTimeoutException} (the sweeper shuts the input down, so a 408 can still be
 *       written); a write blocked past it fails and the connection closes. Arming a deadline allocates
 *       nothing. A detached connection leaves the sweeper: what reads it bounds its own waits (the
 *       codec's {@code ReadTimeouts}).</li>
 *   <li><b>Buffers</b> come from a shared {@link io.throng.net.BufferPool}, not from thread-locals
 *       (virtual threads are many and short-lived), and go back before a connection goes idle. Lock-free;
 *       an empty pool's borrow and a full pool's release cost one counter, no search of its slots.</li>
 *   <li><b>Pre-fork</b> ({@link io.throng.net.Prefork}): a master runs N worker JVMs sharing the port
 *       with {@code SO_REUSEPORT}, restarts dead ones, drains on SIGTERM and replaces them one at a time
 *       on SIGHUP. It is also how one machine passes the 20,000 open files a process may hold.</li>
 *   <li><b>TLS</b> ({@link io.throng.net.ServerOptions#withTls}): each connection's transport is wrapped
 *       in a TLS decorator and protocols read and write plaintext; the handshake runs on wakes, cold
 *       between the client's flights, under the connection's deadline ({@code io.throng.net.tls},
 *       docs/tls.md). A plain server's connections have no decorator.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A connection is IDLE (waiting in its thread, or cold), ACTIVE (exactly one virtual thread runs the
 *       protocol) or CLOSED. Whoever sees its bytes (the waiting thread or the poller's wake-up) moves IDLE
 *       to ACTIVE, only the active thread moves ACTIVE to IDLE, anyone may close; transitions are
 *       compare-and-set, so an idle connection is never served twice nor closed under its thread.</li>
 *   <li>A transport reports, the connection decides: only {@code Connection} changes the state and closes,
 *       so the server's count stays right on every engine.</li>
 *   <li>At most one thread waits on a connection's I/O at a time.</li>
 *   <li>A connection is expired only if its deadline was still the due one at the moment of the sweeper's
 *       compare-and-set on it; a thread that cleared or re-armed the deadline first is never closed, timed
 *       out nor shut for it. A thread that changes the deadline while the sweeper acts on the old one waits
 *       (briefly: no I/O on a peer) until it is done, so the sweeper never ends a read or write begun under
 *       the new deadline ({@code DeadlineRaceTest} forces the first order). The wait spins a few times, then
 *       parks until the sweeper unparks it: a sweeper descheduled mid-expiry costs the waiter (a carrier, or
 *       the poller) no CPU ({@code ExpiryWaitTest}).</li>
 *   <li>Once the sweeper has shut a connection's input down for a due deadline, every read of it fails with
 *       {@link java.net.SocketTimeoutException}, never with a plain end of stream, even if the read it meant
 *       to end got bytes in time and a new deadline was armed since.</li>
 *   <li>On the epoll engine an idle connection is always cold: no thread, and going cold or waking makes
 *       no system call.</li>
 *   <li>The connection count never exceeds {@link io.throng.net.ServerOptions#maxConnections()}; extra
 *       connections get {@link io.throng.net.Protocol#refuse} and are closed at once.</li>
 *   <li>After {@link io.throng.net.TcpServer#shutdown} returns, the listener, every connection and every
 *       server thread are closed.</li>
 * </ul>
 */
package io.throng.net;
