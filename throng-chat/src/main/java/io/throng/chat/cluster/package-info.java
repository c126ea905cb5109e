/**
 * {@code throng chat --workers N}: front-end worker processes own the client connections, one room
 * service orders, stores and fans out, and JeroMQ carries frames between them (Mongrel2's shape).
 *
 * <ul>
 *   <li>{@link io.throng.chat.cluster.RoomServiceHub}: in the room service (the pre-fork master). Each
 *       worker connection is a real {@link io.throng.chat.service.Connection} of the one
 *       {@link io.throng.chat.service.ChatService}, so order, dedup, presence across workers, direct
 *       messages, resume and gaps are exactly the single-process code.</li>
 *   <li>{@link io.throng.chat.cluster.ServiceLink}: in each worker, the
 *       {@link io.throng.chat.service.ChatBackend} of the web transports.</li>
 *   <li>{@code LinkProtocol}: the messages; their exact format is {@code docs/chat-protocol.md} §8.</li>
 * </ul>
 *
 * <p>The room service also keeps the directory of live workers' relay listeners (from their pings)
 * and publishes it with every status, so that a worker can relay an SSE or long-poll request to the
 * worker that owns its web connection ({@code io.throng.chat.web.Relay}).
 *
 * <p>Invariants. An acknowledgement is only ever produced by the room service after the store commit,
 * so a message lost between processes can delay a send (the client resends it with the same client
 * id) but never lose an acknowledged one. Messages to a worker are numbered: a hole closes that
 * worker's connections with {@code slow_consumer} and the clients resume, never a silent hole. No
 * client frame moves before a hello/welcome round trip proved the link both ways.
 *
 * <p>Liveness. The room service calls a worker dead after {@code WORKER_TIMEOUT_MILLIS} without a message from
 * it, so the worker's socket threads (platform threads) never wait for one of its virtual threads: not for a
 * lock one may hold or be queued on, since under load a virtual thread waits seconds for a carrier. The
 * request socket's thread takes from a lock-free queue ({@code UpQueue}) between its pings.
 *
 * <p>Wake-ups. A worker queues a {@code frames} message's frames into its connections' outboxes at once, in order,
 * and wakes those connections (whose wake-up writes them) at once if no earlier wake-up is still running; while
 * one is (the worker is busy), only once the first has waited {@code throng.chat.wakeLingerMillis} (100 ms;
 * {@code WakeBatch}): a connection's frames of that span leave in one write(2). The cores of a shared box, not the
 * sockets, were where deliveries waited (bench/chat-floor); a quiet worker pays no linger.
 */
package io.throng.chat.cluster;
