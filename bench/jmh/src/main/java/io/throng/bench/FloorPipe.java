package io.throng.bench;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code PingPong -p impl=floor}: ping-pong's lower bound on virtual threads, a rendezvous for one
 * sender and one receiver with no channel. It makes the moves an unbuffered channel makes in ping-pong
 * and nothing else: a send that finds the receiver waiting puts the value in the cell, unparks it and
 * goes on (Go's direct hand-off); a receive that finds nothing marks the cell and parks until the value
 * is there. So each one-way message is one park and one unpark, as with a channel, but with no lock,
 * queue, waiter object, spin or allocation.
 *
 * <p>The cell is empty (null), {@link #RECEIVER} (the receiver waits), or a value (offered, not yet
 * taken). The other order, a send that comes first, fills the cell and parks until the receiver empties
 * it; ping-pong rarely takes it. Lost wake-ups are excluded by the compare-and-sets on the cell: whoever
 * comes second sees what the first wrote. It serves strictly alternating use only, as in ping-pong,
 * where a send never comes before the previous value was received (the reply orders them); a send that
 * finds an untaken value throws rather than wait, since no floor should need to.
 */
final class FloorPipe {
    private static final Object RECEIVER = new Object();

    private final AtomicReference<Object> cell = new AtomicReference<>();
    private volatile Thread sender;
    private volatile Thread receiver;

    static Pipe pipe() {
        FloorPipe p = new FloorPipe();
        return new Pipe(p::send, p::receive);
    }

    void send(Integer value) {
        Object c = cell.get();
        if (c == null) {
            sender = Thread.currentThread(); // before the value is visible: the receiver reads it then
            if (cell.compareAndSet(null, value)) {
                while (cell.get() == value) { // the receiver empties the cell, then unparks us
                    LockSupport.park(this);
                }
                return;
            }
            c = cell.get(); // the receiver came in between
        }
        if (c != RECEIVER) {
            throw new IllegalStateException("floor pipe: a send came before the previous receive");
        }
        cell.set(value); // only the sender replaces RECEIVER
        LockSupport.unpark(receiver);
    }

    Integer receive() {
        Object c = cell.get();
        if (c == null) {
            receiver = Thread.currentThread(); // before RECEIVER is visible: the sender reads it then
            if (cell.compareAndSet(null, RECEIVER)) {
                while ((c = cell.get()) == RECEIVER) {
                    LockSupport.park(this);
                }
                cell.set(null);
                return (Integer) c;
            }
            c = cell.get(); // the sender came in between and parks until we empty the cell
        }
        cell.set(null);
        LockSupport.unpark(sender);
        return (Integer) c;
    }
}
