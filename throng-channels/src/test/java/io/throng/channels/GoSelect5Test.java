package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/select5.go}, which generates a program for every combination of a
 * receive or send case, ready or not, with dummy and nil cases around it and a default in every
 * position, and checks that the right case runs: the ready case if there is one (never the default
 * then), the default otherwise, and a blocked select completes once its case becomes ready. This test
 * generates the same combinations in Java and runs them, about 5,000 selects, over:
 * <ul>
 *   <li>the main case: {@code onReceive}, {@code onReceiveOrClosed} or {@code onSend};
 *   <li>its channel: unbuffered (readiness is a parked partner thread) or buffered(1) (readiness is a
 *       value or a free slot in the buffer);
 *   <li>its state: ready, not ready, or closed;
 *   <li>zero to two extra cases, each a receive or send on an idle channel or on the nil channel, with
 *       the main case in every position among them;
 *   <li>no default, or a default in every position.
 * </ul>
 * After each select the channels must be as the chosen case left them: nothing consumed or sent by a
 * case that did not run, and no leftover waiter on any channel (a stale node would show up as a value a
 * non-blocking operation could take). Go's other point, that channel and value operands are evaluated
 * once and in source order, holds in Java by construction: cases are built as ordinary arguments.
 */
class GoSelect5Test {
    private static final int VALUE = 42;
    private static final int FILLER = 7;

    enum Op { RECEIVE, RECEIVE_OR_CLOSED, SEND }

    enum State { READY, NOT_READY, CLOSED }

    enum Extra { IDLE_RECEIVE, IDLE_SEND, NIL_RECEIVE, NIL_SEND }

    @Test
    void everyCombination() throws Exception {
        int runs = 0;
        for (Op op : Op.values()) {
            for (int capacity = 0; capacity <= 1; capacity++) {
                for (State state : State.values()) {
                    for (List<Extra> extras : extraLists()) {
                        for (int mainAt = 0; mainAt <= extras.size(); mainAt++) {
                            for (int defaultAt = -1; defaultAt <= extras.size() + 1; defaultAt++) {
                                String name = op + " cap=" + capacity + " " + state + " extras=" + extras
                                        + " main@" + mainAt + " default@" + defaultAt;
                                try {
                                    run(op, capacity, state, extras, mainAt, defaultAt);
                                } catch (AssertionError | Exception e) {
                                    throw new AssertionError(name + ": " + e, e);
                                }
                                runs++;
                            }
                        }
                    }
                }
            }
        }
        // 3 ops x 2 capacities x 3 states x (no extras: 3 default slots; one: 4 x 2 x 4; two: 16 x 3 x 5)
        assertEquals(3 * 2 * 3 * (3 + 4 * 2 * 4 + 16 * 3 * 5), runs);
    }

    private static List<List<Extra>> extraLists() {
        List<List<Extra>> all = new ArrayList<>();
        all.add(List.of());
        for (Extra a : Extra.values()) {
            all.add(List.of(a));
        }
        for (Extra a : Extra.values()) {
            for (Extra b : Extra.values()) {
                all.add(List.of(a, b));
            }
        }
        return all;
    }

    private static void run(Op op, int capacity, State state, List<Extra> extras, int mainAt, int defaultAt)
            throws Exception {
        Channel<Integer> c = Channel.buffered(capacity);
        Channel<Integer> idle = Channel.unbuffered();
        Channel<Integer> nil = Channel.nil();
        boolean sending = op == Op.SEND;
        AtomicReference<Integer> partnerGot = new AtomicReference<>();

        try (Workers w = new Workers()) {
            Thread partner = null;
            switch (state) {
                case READY -> {
                    if (capacity == 1) {
                        if (!sending) {
                            c.trySend(VALUE);
                        }
                    } else {
                        partner = sending
                                ? w.virtual(() -> partnerGot.set(Await.recv(c)))
                                : w.virtual(() -> Await.send(c, VALUE));
                        Await.parked(partner);
                    }
                }
                case NOT_READY -> {
                    if (sending && capacity == 1) {
                        c.trySend(FILLER);
                    }
                }
                case CLOSED -> c.close();
            }

            List<Case<String>> cases = new ArrayList<>();
            for (int i = 0; i < extras.size(); i++) {
                cases.add(extra(extras.get(i), idle, nil));
            }
            cases.add(mainAt, switch (op) {
                case RECEIVE -> c.onReceive(v -> "received " + v);
                case RECEIVE_OR_CLOSED -> c.onReceiveOrClosed(r -> switch (r) {
                    case Received.Value<Integer>(Integer v) -> "received " + v;
                    case Received.Closed<Integer> closed -> "closed";
                    case Received.Empty<Integer> empty -> fail("a select never sees Empty");
                });
                case SEND -> c.onSend(VALUE, () -> "sent");
            });
            boolean hasDefault = defaultAt >= 0;
            if (hasDefault) {
                cases.add(Math.min(defaultAt, cases.size()), Select.onDefault(() -> "default"));
            }

            String expected = sending ? "sent" : "received " + VALUE;
            switch (state) {
                case CLOSED -> {
                    if (op == Op.RECEIVE_OR_CLOSED) {
                        assertEquals("closed", Select.select(cases), "closed is ready: beats the default");
                    } else {
                        assertThrows(ChannelClosedException.class, () -> Select.select(cases));
                    }
                }
                case READY -> {
                    assertEquals(expected, Select.select(cases), "a ready case must beat the default");
                    if (partner != null) {
                        Await.join(partner);
                    }
                    if (sending) {
                        Integer got = capacity == 1 ? Await.recv(c) : partnerGot.get();
                        assertEquals(VALUE, got);
                    }
                }
                case NOT_READY -> {
                    if (hasDefault) {
                        assertEquals("default", Select.select(cases));
                        if (sending && capacity == 1) {
                            assertEquals(FILLER, Await.recv(c), "the filler stays; the send did not happen");
                        }
                    } else {
                        AtomicReference<String> result = new AtomicReference<>();
                        Thread selector = w.virtual(() -> result.set(Select.select(cases)));
                        Await.parked(selector);
                        if (sending) {
                            if (capacity == 1) {
                                assertEquals(FILLER, Await.recv(c));
                            }
                            assertEquals(VALUE, Await.recv(c));
                        } else {
                            Await.send(c, VALUE);
                        }
                        Await.join(selector);
                        assertEquals(expected, result.get());
                    }
                }
            }
            w.join(Await.PATIENCE);
        }
        // Nothing left behind: no value, no waiting sender or receiver from this select.
        if (state != State.CLOSED) {
            assertEquals(Received.empty(), c.tryReceive(), "leftover on the main channel");
            if (capacity == 0) {
                assertFalse(c.trySend(FILLER), "a receiver was left waiting on the main channel");
            }
        }
        assertEquals(Received.empty(), idle.tryReceive(), "a sender was left waiting on the idle channel");
        assertFalse(idle.trySend(FILLER), "a receiver was left waiting on the idle channel");
    }

    private static Case<String> extra(Extra kind, Channel<Integer> idle, Channel<Integer> nil) {
        return switch (kind) {
            case IDLE_RECEIVE -> idle.onReceive(v -> fail("idle channel chosen"));
            case IDLE_SEND -> idle.onSend(FILLER, () -> fail("idle channel chosen"));
            case NIL_RECEIVE -> nil.onReceive(v -> fail("nil channel chosen"));
            case NIL_SEND -> nil.onSend(FILLER, () -> fail("nil channel chosen"));
        };
    }
}
