/**
 * JMH benchmarks that put Throng's channels next to jox, the JDK's blocking queues and (through
 * bench/go) Go, in the shapes of issue 2. Run them with {@code bench/channels}; see docs/benchmarks.md.
 *
 * <h2>Shapes</h2>
 * <ul>
 *   <li>{@link io.throng.bench.PingPong}: two virtual threads, unbuffered, a value back and forth;
 *       and its floor: the same threads and code with one park and one unpark per message and no
 *       channel ({@code impl=floor}, {@link io.throng.bench.FloorPipe}).
 *   <li>{@link io.throng.bench.Buffered}: one producer, one consumer, buffered(1024).
 *   <li>{@link io.throng.bench.SelectFanIn}: four producers on four unbuffered channels, one consumer
 *       selecting over all four (Throng and jox only: queues have no select), and its floor: the same
 *       threads and parks with no channel ({@code impl=floor}).
 *   <li>{@link io.throng.bench.Parallel}: 10,000 producer/consumer pairs, buffered(16) each.
 *   <li>{@link io.throng.bench.HandOff}: the floor under ping-pong, a hand-off with no channel at all
 *       (bare park/unpark, busy-wait, {@code Exchanger}, {@code SynchronousQueue}) on virtual and
 *       platform threads, so that a channel's ping-pong can be stated against what the JVM can do.
 *   <li>{@link io.throng.bench.ParkedMemory}: heap bytes per virtual thread parked in a receive
 *       (a plain main: it measures a state, not a time).
 * </ul>
 *
 * <h2>How they measure</h2>
 * Every score is nanoseconds per message: a benchmark invocation moves a fixed batch of messages
 * (10,000 round trips, 100,000 or 10,000,000 messages) and declares it with
 * {@code @OperationsPerInvocation}, so JMH divides by the batch. Go's {@code ns/op} in bench/go counts
 * the same unit.
 *
 * <p>Each invocation starts its virtual threads afresh and joins them, rather than keeping them alive
 * across invocations. Starting and joining a few virtual threads costs microseconds, under 0.1% of a
 * batch of 20,000 hand-offs; keeping them alive would need the JMH thread (a platform thread) to hand
 * each batch to them and wait for the answer, which is exactly the kind of cross-thread hand-off being
 * measured, and would let one invocation's leftovers (a thread still parked, a value still queued)
 * leak into the next. The JMH thread only waits in {@code join}, so the two carrier threads of a
 * 2-core machine are left to the virtual threads under test.
 *
 * <p>The timed shapes extend {@link io.throng.bench.ChannelBenchmark}, which holds their JMH settings
 * (so the scores compare) and their payload. The point-to-point shapes go through
 * {@link io.throng.bench.Pipe}, a send and a receive method reference; each
 * JMH fork loads one implementation, so the calls are monomorphic and inlined. Throng is driven
 * through {@code take()}, which like jox's {@code receive()} returns the value and throws once the
 * channel is closed. Values are one cached {@code Integer}, so no shape allocates for its payload.
 */
package io.throng.bench;
