package io.throng.channels;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Go's {@code select}: waits until one of several channel operations can proceed, performs exactly
 * that one, and runs its case's body.
 *
 * <pre>{@code
 * String what = Select.select(
 *         requests.onReceive(r -> "request " + r),
 *         replies.onSend(reply, () -> "replied"),
 *         Select.onTimeout(Duration.ofSeconds(1), () -> "idle"));
 * }</pre>
 *
 * <p>Rules, as in Go: when several cases are ready one is chosen uniformly at random; a receive from a
 * closed channel is always ready; a send to a closed channel makes the select throw {@link
 * ChannelClosedException}; cases on the {@linkplain Channel#nil() nil channel} are never chosen; with a
 * default case the select never blocks; with no channel cases and no default or timeout it blocks until
 * interrupted. At most one default and one timeout case are allowed. The case's body runs after every
 * channel lock has been released, on the selecting thread.
 */
public final class Select {
    private Select() {}

    /** A case that runs when no channel case is ready; makes the select non-blocking. */
    public static <R> Case<R> onDefault(Supplier<? extends R> body) {
        return new Case.Default<>(body);
    }

    /** A case that runs if no channel case becomes ready within {@code after}. */
    public static <R> Case<R> onTimeout(Duration after, Supplier<? extends R> body) {
        return new Case.Timeout<>(after, body);
    }

    /** Runs the select over {@code cases}; see the class documentation for the rules. */
    @SafeVarargs
    public static <R> R select(Case<? extends R>... cases) throws InterruptedException {
        return run(cases); // run() reads the array and never keeps or changes it
    }

    /** Runs the select over a list of cases, for selects whose shape is built at run time. */
    public static <R> R select(List<? extends Case<? extends R>> cases) throws InterruptedException {
        return run(cases.toArray(new Case<?>[0]));
    }

    /** Selects this long take the allocation-free first pass: their permutation fits in one long. */
    private static final int FAST_CASES = 16;

    @SuppressWarnings("unchecked")
    private static <R> R run(Case<?>[] all) throws InterruptedException {
        if (all.length <= FAST_CASES && onlyLiveChannelCases(all)) {
            // First pass without the all-channel lock: try each case under its own channel's lock, in
            // a random order. A ready case commits at once, holding one lock and allocating nothing;
            // only a select that finds nothing ready pays for the locks of every channel (and the
            // full pass below re-checks under them, so a case that became ready meanwhile still wins
            // before anything is queued). Each try is atomic on its channel, so exactly one case runs.
            long order = permutation(all.length);
            for (int k = 0; k < all.length; k++) {
                Case<?> c = all[(int) (order >>> (4 * k)) & 15];
                Channel<?> ch = c instanceof Case.Receive<?, ?> r ? r.channel() : ((Case.Send<?, ?>) c).channel();
                ch.lock();
                if (c instanceof Case.Receive<?, ?> r) {
                    Object x = ch.receiveLocked();
                    ch.unlock();
                    if (x != Channel.NOTHING) {
                        return (R) r.fire(x);
                    }
                } else {
                    Case.Send<?, ?> s = (Case.Send<?, ?>) c;
                    int result = ch.sendLocked(s.value());
                    ch.unlock();
                    if (result == Channel.CLOSED) {
                        throw new ChannelClosedException("send on closed channel");
                    }
                    if (result == Channel.SENT) {
                        return (R) s.body().get();
                    }
                }
            }
        }
        return runLocked(all);
    }

    /** True if every case is a send or receive on a channel other than the nil channel. */
    private static boolean onlyLiveChannelCases(Case<?>[] all) {
        for (Case<?> c : all) {
            Channel<?> ch = switch (c) {
                case Case.Receive<?, ?> r -> r.channel();
                case Case.Send<?, ?> s -> s.channel();
                default -> null;
            };
            if (ch == null || ch.isNil()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A uniformly random permutation of 0..n-1 (Fisher-Yates) for n up to 16, packed four bits an
     * index into one long, so that the common select allocates nothing for its fairness.
     */
    private static long permutation(int n) {
        long order = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            int j = random.nextInt(i + 1);
            long atJ = (order >>> (4 * j)) & 15;
            // order[i] = order[j]; order[j] = i (slot i is still zero, so OR-ing it in is a store).
            order |= atJ << (4 * i);
            order = (order & ~(15L << (4 * j))) | ((long) i << (4 * j));
        }
        return order;
    }

    @SuppressWarnings("unchecked")
    private static <R> R runLocked(Case<?>[] all) throws InterruptedException {
        // Split the special cases off; keep channel cases in their original order for indexing.
        Case.Default<?> otherwise = null;
        Case.Timeout<?> timeout = null;
        Case<?>[] cases = new Case<?>[all.length];
        Channel<?>[] channels = new Channel<?>[all.length];
        int n = 0;
        for (Case<?> c : all) {
            switch (c) {
                case Case.Default<?> d -> {
                    if (otherwise != null) {
                        throw new IllegalArgumentException("more than one default case");
                    }
                    otherwise = d;
                }
                case Case.Timeout<?> t -> {
                    if (timeout != null) {
                        throw new IllegalArgumentException("more than one timeout case");
                    }
                    timeout = t;
                }
                case Case.Receive<?, ?> r -> {
                    if (!r.channel().isNil()) {
                        channels[n] = r.channel();
                        cases[n++] = c;
                    }
                }
                case Case.Send<?, ?> s -> {
                    if (!s.channel().isNil()) {
                        channels[n] = s.channel();
                        cases[n++] = c;
                    }
                }
            }
        }
        long deadline = timeout == null ? Long.MAX_VALUE : Channel.deadline(timeout.after());
        if (n == 0) {
            if (otherwise != null) {
                return (R) otherwise.body().get();
            }
            Channel.blockForever(deadline); // returns only when the timeout passes
            return (R) timeout.body().get();
        }

        Channel<?>[] lockOrder = lockOrder(channels, n);
        int[] pollOrder = pollOrder(n);

        lockAll(lockOrder);
        // Pass 1: take the first ready case in random order.
        for (int k = 0; k < n; k++) {
            int i = pollOrder[k];
            switch (cases[i]) {
                case Case.Receive<?, ?> r -> {
                    Object x = r.channel().receiveLocked();
                    if (x != Channel.NOTHING) {
                        unlockAll(lockOrder);
                        return (R) r.fire(x);
                    }
                }
                case Case.Send<?, ?> s -> {
                    int result = s.channel().sendLocked(s.value());
                    if (result != Channel.FULL) {
                        unlockAll(lockOrder);
                        if (result == Channel.CLOSED) {
                            throw new ChannelClosedException("send on closed channel");
                        }
                        return (R) s.body().get();
                    }
                }
                default -> throw new AssertionError(cases[i]);
            }
        }
        if (otherwise != null) {
            unlockAll(lockOrder);
            return (R) otherwise.body().get();
        }
        if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
            unlockAll(lockOrder);
            return (R) timeout.body().get();
        }
        if (Thread.interrupted()) {
            unlockAll(lockOrder);
            throw new InterruptedException();
        }

        // Pass 2: wait on every channel at once with one waiter; the first waker to claim it wins.
        // Enqueue in the random poll order too: two cases on one channel must be equally likely to be
        // found first by the other side (Go's TestPseudoRandomSend).
        Waiter w = new Waiter();
        Node[] nodes = new Node[n];
        for (int k = 0; k < n; k++) {
            int i = pollOrder[k];
            if (cases[i] instanceof Case.Send<?, ?> s) {
                nodes[i] = new Node(w, i, s.value());
                channels[i].senders.add(nodes[i]);
            } else {
                nodes[i] = new Node(w, i, null);
                channels[i].receivers.add(nodes[i]);
            }
        }
        unlockAll(lockOrder);

        // A select spins on its first channel's budget and teaches that channel what it saw.
        int outcome = w.await(deadline, channels[0].spins());
        channels[0].learn(w);

        // Unlink the nodes that were not chosen, so that no queue keeps garbage from this select.
        lockAll(lockOrder);
        for (int i = 0; i < n; i++) {
            if (cases[i] instanceof Case.Send<?, ?>) {
                channels[i].senders.remove(nodes[i]);
            } else {
                channels[i].receivers.remove(nodes[i]);
            }
        }
        unlockAll(lockOrder);

        if (outcome == Waiter.DONE) {
            Case<?> chosen = cases[w.selected];
            if (chosen instanceof Case.Receive<?, ?> r) {
                return (R) r.fire(w.received);
            }
            if (w.received == Channel.CLOSED_MARK) {
                throw new ChannelClosedException("channel closed while sending");
            }
            return (R) ((Case.Send<?, ?>) chosen).body().get();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return (R) timeout.body().get();
    }

    /** Distinct channels sorted by id: every select locks in the same global order, so none deadlock. */
    private static Channel<?>[] lockOrder(Channel<?>[] channels, int n) {
        Channel<?>[] sorted = Arrays.copyOf(channels, n);
        // Insertion sort: selects are small, and this allocates nothing more.
        for (int i = 1; i < n; i++) {
            Channel<?> c = sorted[i];
            int j = i - 1;
            while (j >= 0 && sorted[j].id > c.id) {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = c;
        }
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || sorted[distinct - 1] != sorted[i]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return distinct == n ? sorted : Arrays.copyOf(sorted, distinct);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates), which is what makes the choice fair. */
    private static int[] pollOrder(int n) {
        int[] order = new int[n];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            int j = random.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        return order;
    }

    /**
     * Takes every lock of {@code lockOrder}, in order, never waiting for one while holding another: a
     * waiter that holds a lock and yields leaves that lock held while every thread spinning on it runs.
     */
    private static void lockAll(Channel<?>[] lockOrder) {
        retry:
        for (;;) {
            lockOrder[0].lock();
            for (int i = 1; i < lockOrder.length; i++) {
                if (!lockOrder[i].tryLock()) {
                    for (int j = i - 1; j >= 0; j--) {
                        lockOrder[j].unlock();
                    }
                    lockOrder[i].awaitUnlocked(); // wait for the busy one holding nothing
                    continue retry;
                }
            }
            return;
        }
    }

    private static void unlockAll(Channel<?>[] lockOrder) {
        for (int i = lockOrder.length - 1; i >= 0; i--) {
            lockOrder[i].unlock();
        }
    }
}
