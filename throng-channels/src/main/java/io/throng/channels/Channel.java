package io.throng.channels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A typed conduit between threads, with Go's semantics: unbuffered (a send waits for a receiver),
 * buffered (a send waits only while {@code capacity} values are queued) or unbounded (a send never
 * waits). Works the same from virtual and platform threads. Values may not be null.
 *
 * <p>Closing: receivers first drain what is buffered, then get {@link Received.Closed}; a send on a
 * closed channel, and a second close, throw {@link ChannelClosedException}; senders blocked at the time
 * of the close throw it too. Iterating a channel receives until it is closed.
 *
 * <p>Interrupts: a blocking operation that is interrupted while waiting throws
 * {@link InterruptedException} and has not happened (no value was taken or delivered), unless the
 * transfer had already been decided, in which case it completes normally with the interrupt status
 * set. An operation that can complete at once does so even if the thread is interrupted.
 *
 * <p>See the package documentation for the algorithm.
 */
public final class Channel<T> implements Iterable<T> {
    /** Capacity of an unbounded channel. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;
    private static final int INITIAL_RING = 16;
    private static final int NIL = -1;

    // Results of the lock-held primitives shared with Select.
    static final int SENT = 0;
    static final int FULL = 1;
    static final int CLOSED = 2;
    static final Object NOTHING = new Object();
    static final Object CLOSED_MARK = new Object();

    /** A short spin: the budget of a fresh channel, and of the occasional probe at a budget of zero. */
    private static final int PROBE_SPINS = 16;
    /** Rounds a thread spins on a busy channel lock before it starts yielding instead. */
    private static final int LOCK_SPINS = 64;
    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(Channel.class, "lockState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Global lock order for select, like Go's sort by channel address. */
    final long id = IDS.incrementAndGet();
    private final int capacity;
    final WaitQueue senders = new WaitQueue();
    final WaitQueue receivers = new WaitQueue();
    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int lockState;
    /** See {@link #learn}; a fresh channel proves that spinning pays before it spins long. */
    private int spinBudget = PROBE_SPINS;

    // Guarded by the lock.
    /** A thread to unpark once the lock is released; a locked section completes at most one waiter, but close(). */
    private Thread wake;
    private Object[] buffer;
    private int head;
    private int count;
    private boolean closed;

    private Channel(int capacity) {
        this.capacity = capacity;
        if (capacity > 0) {
            // The ring grows on demand up to the capacity: a big bound that is rarely reached (an outbox
            // per chat connection, say) must not cost its full array per channel.
            buffer = new Object[Math.min(capacity, INITIAL_RING)];
        }
    }

    /** A rendezvous channel: each send waits for a receiver (Go's {@code make(chan T)}). */
    public static <T> Channel<T> unbuffered() {
        return new Channel<>(0);
    }

    /** A channel that holds up to {@code capacity} values; 0 means unbuffered. */
    public static <T> Channel<T> buffered(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("negative capacity: " + capacity);
        }
        return new Channel<>(capacity);
    }

    /** A channel whose sends never wait; memory is the only bound, so use it where producers are bounded. */
    public static <T> Channel<T> unbounded() {
        return new Channel<>(UNBOUNDED);
    }

    /**
     * Go's nil channel: never ready. Send and receive block until interrupted, the non-blocking forms
     * never succeed, a select never chooses it, and closing it throws. Useful to switch a select case
     * off without changing the shape of the select.
     */
    public static <T> Channel<T> nil() {
        return new Channel<>(NIL);
    }

    /** 0 for unbuffered, {@link #UNBOUNDED} for unbounded, -1 for the nil channel. */
    public int capacity() {
        return capacity;
    }

    /** How long a waiter on this channel should spin before parking; see {@link #learn}. */
    int spins() {
        if (Waiter.SPINS == 0) {
            return 0;
        }
        int b = spinBudget;
        // At zero, probe now and then: the load that made spinning useless may be gone.
        return b > 0 ? b : (ThreadLocalRandom.current().nextInt() & 31) == 0 ? PROBE_SPINS : 0;
    }

    /**
     * Adapts the channel's spin budget to what spinning achieved (HotSpot's adaptive
     * spinning, per channel): a spin that caught its partner doubles the budget up to {@link
     * Waiter#SPINS}; one that had to park halves it. When cores are free, partners on two carriers
     * hand off in a cache-line transfer instead of a park/unpark; when every core is busy, the
     * budget falls to zero and waiters park at once, letting a partner queued on their own carrier
     * run. A racy plain field: it is only a hint.
     */
    void learn(Waiter w) {
        int b = spinBudget;
        spinBudget = w.spun ? Math.min(Waiter.SPINS, Math.max(PROBE_SPINS, b * 2)) : b >> 1;
    }

    boolean isNil() {
        return capacity == NIL;
    }

    // ---- sending ----

    /** Sends {@code value}, waiting for room or a receiver. */
    public void send(T value) throws InterruptedException {
        if (!send(value, Long.MAX_VALUE)) {
            throw new AssertionError("untimed send cannot time out");
        }
    }

    /** Sends {@code value}, waiting at most {@code timeout}; false if it timed out (nothing was sent). */
    public boolean send(T value, Duration timeout) throws InterruptedException {
        return send(value, deadline(timeout));
    }

    /** Sends {@code value} only if that needs no waiting; false otherwise. Throws if the channel is closed. */
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "channel values may not be null");
        if (isNil()) {
            return false;
        }
        lock();
        int r = sendLocked(value);
        unlock();
        if (r == CLOSED) {
            throw new ChannelClosedException("send on closed channel");
        }
        return r == SENT;
    }

    private boolean send(T value, long deadline) throws InterruptedException {
        Objects.requireNonNull(value, "channel values may not be null");
        if (isNil()) {
            return blockForever(deadline);
        }
        lock();
        int r = sendLocked(value);
        if (r != FULL) {
            unlock();
            if (r == CLOSED) {
                throw new ChannelClosedException("send on closed channel");
            }
            return true;
        }
        Object outcome = waitLocked(senders, value, deadline);
        if (outcome == CLOSED_MARK) {
            throw new ChannelClosedException("channel closed while sending");
        }
        return outcome != NOTHING;
    }

    /**
     * Called with the lock held when the operation cannot complete now: queues a node on {@code
     * queue}, releases the lock and waits for a partner, the deadline, or an interrupt.
     *
     * @param item the value offered (a send) or null (a receive)
     * @return what the partner handed over (a receiver's value, null for a completed send, or
     *     {@link #CLOSED_MARK} if the channel was closed), or {@link #NOTHING} on timeout
     * @throws InterruptedException if interrupted before a partner took the operation
     */
    private Object waitLocked(WaitQueue queue, Object item, long deadline) throws InterruptedException {
        if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
            unlock();
            return NOTHING;
        }
        if (Thread.interrupted()) {
            unlock();
            throw new InterruptedException();
        }
        Waiter w = new Waiter(item);
        queue.add(w);
        unlock();
        int outcome = w.await(deadline, spins());
        learn(w);
        if (outcome == Waiter.DONE) {
            return w.received;
        }
        lock();
        queue.remove(w);
        unlock();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return NOTHING;
    }

    /**
     * Under the lock: hands {@code value} to a waiting receiver, or buffers it.
     *
     * @return {@link #SENT}, {@link #FULL} (would have to wait) or {@link #CLOSED}
     */
    int sendLocked(Object value) {
        if (closed) {
            return CLOSED;
        }
        Node r = receivers.pollClaimed();
        if (r != null) {
            handOff(r, value);
            return SENT;
        }
        if (count < capacity) {
            if (count == buffer.length) {
                grow();
            }
            int tail = head + count;
            if (tail >= buffer.length) {
                tail -= buffer.length;
            }
            buffer[tail] = value;
            count++;
            return SENT;
        }
        return FULL;
    }

    private void grow() {
        Object[] bigger = new Object[(int) Math.min((long) buffer.length * 2, capacity)];
        for (int i = 0; i < count; i++) {
            bigger[i] = buffer[(head + i) % buffer.length];
        }
        buffer = bigger;
        head = 0;
    }

    // ---- receiving ----

    /** Receives a value, waiting for one; {@link Received.Closed} once the channel is closed and drained. */
    public Received<T> receive() throws InterruptedException {
        return receive(Long.MAX_VALUE);
    }

    /** Like {@link #receive()}, but gives up after {@code timeout} with {@link Received.Empty}. */
    public Received<T> receive(Duration timeout) throws InterruptedException {
        return receive(deadline(timeout));
    }

    /** Receives a value only if one is ready: a value, {@link Received.Closed}, or {@link Received.Empty}. */
    public Received<T> tryReceive() {
        if (isNil()) {
            return Received.empty();
        }
        lock();
        Object x = receiveLocked();
        unlock();
        return result(x);
    }

    /**
     * Receives a value, waiting for one, and throws {@link ChannelClosedException} once the channel is
     * closed and drained: for code where a closed channel is a bug rather than the end of a stream.
     */
    public T take() throws InterruptedException {
        Object x = receiveValue(Long.MAX_VALUE);
        if (x == CLOSED_MARK) {
            throw new ChannelClosedException("receive from closed channel");
        }
        return cast(x);
    }

    private Received<T> receive(long deadline) throws InterruptedException {
        return result(receiveValue(deadline));
    }

    /** The value, {@link #CLOSED_MARK}, or {@link #NOTHING} on timeout. */
    private Object receiveValue(long deadline) throws InterruptedException {
        if (isNil()) {
            blockForever(deadline);
            return NOTHING;
        }
        lock();
        Object x = receiveLocked();
        if (x != NOTHING) {
            unlock();
            return x;
        }
        return waitLocked(receivers, null, deadline);
    }

    /**
     * Under the lock: takes the next value from the buffer or from a waiting sender.
     *
     * @return the value, {@link #CLOSED_MARK} if closed and drained, or {@link #NOTHING}
     */
    Object receiveLocked() {
        if (count > 0) {
            Object x = buffer[head];
            buffer[head] = null;
            if (++head == buffer.length) {
                head = 0;
            }
            count--;
            // The buffer was full, so a sender may be waiting: its value goes to the back, keeping FIFO.
            Node s = senders.pollClaimed();
            if (s != null) {
                int tail = head + count;
                if (tail >= buffer.length) {
                    tail -= buffer.length;
                }
                buffer[tail] = s.item;
                count++;
                handOff(s, null);
            }
            return x;
        }
        Node s = senders.pollClaimed();
        if (s != null) {
            handOff(s, null);
            return s.item;
        }
        return closed ? CLOSED_MARK : NOTHING;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object x) {
        return (T) x;
    }

    static <T> Received<T> result(Object x) {
        if (x == CLOSED_MARK) {
            return Received.closed();
        }
        if (x == NOTHING) {
            return Received.empty();
        }
        return new Received.Value<>(cast(x));
    }

    // ---- closing ----

    /**
     * Closes the channel: no more sends. Buffered values stay for receivers; waiting receivers see
     * {@link Received.Closed}; waiting senders throw {@link ChannelClosedException}.
     *
     * @throws ChannelClosedException if the channel is already closed, or is the nil channel
     */
    public void close() {
        if (isNil()) {
            throw new ChannelClosedException("close of nil channel");
        }
        lock();
        if (closed) {
            unlock();
            throw new ChannelClosedException("close of closed channel");
        }
        closed = true;
        // A close may complete many waiters; like every locked section it wakes them only after the
        // lock is released (the package doc's rule), so collect them first.
        List<Thread> woken = new ArrayList<>();
        completeAll(receivers, woken);
        completeAll(senders, woken);
        unlock();
        for (Thread t : woken) {
            LockSupport.unpark(t);
        }
    }

    /** Under the lock: completes every claimed waiter of {@code queue} as closed, collecting their threads. */
    private static void completeAll(WaitQueue queue, List<Thread> woken) {
        Node n;
        while ((n = queue.pollClaimed()) != null) {
            if (n.waiter.complete(n.caseIndex, CLOSED_MARK)) {
                woken.add(n.waiter.thread);
            }
        }
    }

    /** True once {@link #close()} has been called (buffered values may remain). */
    public boolean isClosed() {
        lock();
        boolean c = closed;
        unlock();
        return c;
    }

    // ---- select cases ----

    /** A select case that receives a value; if the channel is closed and drained, the select throws. */
    public <R> Case<R> onReceive(Function<? super T, ? extends R> body) {
        return new Case.Receive<>(this, new ValueBody<>(body));
    }

    /** A select case that receives a value or learns that the channel is closed (Go's {@code v, ok := <-ch}). */
    public <R> Case<R> onReceiveOrClosed(Function<? super Received<T>, ? extends R> body) {
        return new Case.Receive<>(this, Objects.requireNonNull(body));
    }

    /** A select case that sends {@code value}; the select throws if the channel is closed. */
    public <R> Case<R> onSend(T value, Supplier<? extends R> body) {
        return new Case.Send<>(this, Objects.requireNonNull(value, "channel values may not be null"),
                Objects.requireNonNull(body));
    }

    // ---- iteration ----

    /**
     * Receives until the channel is closed and drained. If the iterating thread is interrupted while
     * waiting, {@code hasNext} throws {@link CancellationException} with the interrupt status kept.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Object next = NOTHING;

            @Override
            public boolean hasNext() {
                if (next == NOTHING) {
                    try {
                        next = receiveValue(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CancellationException("interrupted while receiving");
                    }
                }
                return next != CLOSED_MARK;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed");
                }
                Object x = next;
                next = NOTHING;
                return cast(x);
            }
        };
    }

    // ---- the lock ----

    /*
     * A test-and-test-and-set spin lock. Critical sections are a few dozen instructions and never block,
     * so spinning beats parking; after a short spin the thread yields, which lets a virtual thread's
     * carrier run the lock holder if the holder was waiting for it. No thread ever waits for a channel
     * lock while holding one (package documentation): a holder that yielded would compete for the
     * carriers with every thread spinning on its lock.
     */
    void lock() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            lockSlow();
        }
    }

    private void lockSlow() {
        int round = 0;
        while (!tryLock()) {
            round = backOff(round);
        }
    }

    /** Takes the lock only if it is free now; {@code Select.lockAll} uses it to avoid waiting while holding. */
    boolean tryLock() {
        return lockState == 0 && LOCK.compareAndSet(this, 0, 1);
    }

    /**
     * Waits until the lock is free, without taking it: how {@code Select.lockAll} waits for a busy lock
     * while holding none. Another thread may take the lock again before the caller gets to it; the
     * caller retries.
     */
    void awaitUnlocked() {
        int round = 0;
        while (lockState != 0) {
            round = backOff(round);
        }
    }

    /** The wait policy of both loops above, in one place: a short spin, then a yield per round. */
    private static int backOff(int round) {
        if (round < LOCK_SPINS) {
            Thread.onSpinWait();
            return round + 1;
        }
        Thread.yield();
        return round;
    }

    void unlock() {
        Thread t = wake;
        if (t == null) {
            LOCK.setRelease(this, 0);
            return;
        }
        wake = null;
        LOCK.setRelease(this, 0);
        LockSupport.unpark(t);
    }

    /** Under the lock: completes a claimed node's operation and schedules its wake-up for {@link #unlock()}. */
    private void handOff(Node n, Object value) {
        if (n.waiter.complete(n.caseIndex, value)) {
            wake = n.waiter.thread;
        }
    }

    // ---- helpers ----

    /** A {@link System#nanoTime()} deadline {@code timeout} from now; {@code Long.MAX_VALUE} means none. */
    static long deadline(Duration timeout) {
        long nanos = saturatedNanos(timeout);
        long now = System.nanoTime();
        long d = now + nanos;
        if (nanos > 0 && d - now < 0) {
            return Long.MAX_VALUE - 1; // farther than nanoTime can express: wait "forever", but timed
        }
        if (nanos <= 0) {
            return now; // already expired, however far in the past
        }
        return d == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : d;
    }

    /** {@code d} in nanoseconds, clamped to the long range instead of throwing beyond about 292 years. */
    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Parks until the deadline (false) or an interrupt (InterruptedException): the nil channel's only behaviour. */
    static boolean blockForever(long deadline) throws InterruptedException {
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (deadline == Long.MAX_VALUE) {
                LockSupport.park();
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(left);
            }
        }
    }

    @Override
    public String toString() {
        String kind = switch (capacity) {
            case NIL -> "nil";
            case 0 -> "unbuffered";
            case UNBOUNDED -> "unbounded";
            default -> "buffered(" + capacity + ")";
        };
        return "Channel[" + kind + ", id=" + id + "]";
    }
}
