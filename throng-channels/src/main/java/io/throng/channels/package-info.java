/**
 * CSP channels with Go's {@code select}, for virtual and platform threads alike.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link io.throng.channels.Channel}: unbuffered, buffered(n), unbounded, and the nil channel;
 *       blocking, timed and non-blocking send and receive; close; iteration until closed.
 *   <li>{@link io.throng.channels.Select}: any mix of send and receive cases, a default, a timeout;
 *       uniformly random among ready cases; exactly one case runs.
 *   <li>{@link io.throng.channels.Timers}: {@code after} and {@code ticker} channels on the real clock;
 *       {@link io.throng.channels.TimerSource}, the clock and timers as a value that code with deadlines
 *       takes, and {@link io.throng.channels.ManualTimers}, a fake one that moves only when a test
 *       advances it (Twisted's {@code task.Clock}).
 *   <li>{@link io.throng.channels.Go}, {@link io.throng.channels.WaitGroup},
 *       {@link io.throng.channels.Scope}: start virtual threads, wait for them, cancel siblings.
 * </ul>
 *
 * <h2>The algorithm (Go's {@code runtime/chan.go} and {@code select.go}, on the JVM)</h2>
 * Each channel has one small lock, a ring buffer, a closed flag, and two FIFO queues of blocked
 * parties: senders and receivers. A queue entry ({@code Node}) points at a {@code Waiter}: the parked
 * thread plus one atomic state. A plain operation has one node; a select has one node per case, all
 * pointing at the same waiter.
 *
 * <p>An operation locks the channel and first tries to complete at once: hand the value to the oldest
 * waiting receiver, or take it from the buffer, or from the oldest waiting sender (when a receive frees
 * a buffer slot, that sender's value moves to the back of the buffer, keeping FIFO order). If it cannot,
 * it enqueues a node, unlocks, and waits. Whoever later finds the node — holding that channel's lock —
 * must first <em>claim</em> the waiter with a compare-and-set from WAITING; only then does it move the
 * value and mark the waiter DONE. A waiter that times out or is interrupted tries the same
 * compare-and-set towards CANCELLED. Exactly one of the two wins, which gives the invariants:
 * <ul>
 *   <li><b>A value is transferred exactly once</b>: it is delivered only by a claim, and a claim
 *       excludes cancellation. An interrupted waiter whose claim was already won completes normally,
 *       with its interrupt status kept: nothing is lost or duplicated.
 *   <li><b>Exactly one select case runs</b>: the select's nodes share a waiter, so a second channel's
 *       waker fails its claim and skips the node.
 *   <li><b>No lost wake-up</b>: the waiter publishes "parked" before re-checking its state, and the
 *       waker sets DONE before checking "parked" (both volatile), so one of them sees the other.
 *   <li><b>FIFO</b> among the live waiters of a queue, and for buffered values.
 *   <li><b>Receivers wait only on an empty buffer, senders only on a full one</b>, so a waiting
 *       party and a non-empty-and-non-full buffer never coexist.
 *   <li><b>No thread waits for a channel lock while holding one.</b> The locks spin, then yield; a
 *       holder that yielded while waiting for a second lock competed for the carriers with every
 *       thread spinning on its first, and a select stress test stalled for good (bench/channels-stall;
 *       {@code SelectStallTest} guards it). A plain operation and {@code close} lock their one channel;
 *       a select's first pass locks one channel at a time; {@code Select.lockAll} takes the later locks
 *       only with {@code tryLock}. Under a lock nothing waits: waiters are claimed with one
 *       compare-and-set, and case bodies run after the locks are released.
 * </ul>
 *
 * <p>A select of channel cases only (no default, timeout or nil channel) first tries each case under
 * that channel's lock alone, in a fresh uniformly random permutation (Go's fairness rule; packed into
 * one long, so this pass allocates nothing), and commits to the first that is ready: one lock, not
 * all of them. If none was ready, or the select has a default or a timeout, it takes the locks of all
 * its channels in one global order (channel ids, like Go's address order), so selects never deadlock
 * with each other, and it never waits for a lock while holding one: a busy later lock makes it let go
 * of the earlier ones, wait for the busy one to come free holding nothing ({@code
 * Channel.awaitUnlocked}, the lock's own spin-then-yield loop without the taking), and start again.
 * It then polls again in a new random order; a default must see every case not ready at one instant,
 * which only the locks give. If still nothing is ready and there is no default, it enqueues a node on
 * every channel and waits once. When it wakes, it locks all channels again and unlinks the
 * nodes that were not chosen, so a select loop leaves no garbage in any queue.
 *
 * <p>A waiter spins for an adaptive budget before parking. The budget lives in the channel: a spin that caught its partner doubles it, one that
 * had to park halves it, down to zero with an occasional probe. With free cores a handoff is then a
 * cache-line transfer; with busy cores waiters park at once, which matters on virtual threads, where
 * an unparked partner is queued on the waker's own carrier and a spinner would only delay it. The
 * waker unparks after it has released the channel lock, so a slow wake-up never lengthens a critical
 * section. A plain operation's waiter is its own queue node: one allocation per wait. Channel locks
 * are spin locks that yield after a few rounds; their critical sections never block. A buffer that
 * sends and receives without the lock (a ring with per-slot sequence numbers) was tried and measured
 * slower: an uncontended lock costs one compare-and-set, as the ring's fast path did, and the locked
 * side then had to wait for lock-free operations in flight (docs/benchmarks.md, Channels).
 *
 * <h2>Differences from Go, on purpose</h2>
 * Values may not be null (Java has no zero value to return for a closed channel; a closed receive is
 * the {@link io.throng.channels.Received.Closed} result instead). Blocking operations throw
 * {@link java.lang.InterruptedException} when interrupted while waiting, which is how a Java thread is
 * cancelled. There is no {@code len(ch)}: it is stale as soon as it is read.
 */
package io.throng.channels;
