package io.throng.packet.tunnel;

import io.throng.packet.sys.Errno;
import io.throng.packet.sys.MessageBatch;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;

/**
 * One thread's datagrams on their way out: sealed messages are added to a {@link MessageBatch} and
 * {@link #flush}ed to one address with one sendmmsg(2) (or a few, when the kernel takes part of
 * them). The address is encoded once per change of endpoint, not per datagram. Not thread-safe: each
 * sending thread of the tunnel has its own, with its own errno segment.
 */
final class Outbox {
    private final UdpSocket socket;
    private final MessageBatch batch;
    private final MemorySegment errno;
    private int count, addressLength;
    private InetSocketAddress encodedFor;

    /** Room for {@code capacity} datagrams of at most {@code slotSize} bytes, in {@code arena}. */
    Outbox(UdpSocket socket, Arena arena, int capacity, int slotSize) {
        this.socket = socket;
        this.batch = new MessageBatch(arena, capacity, slotSize);
        this.errno = Errno.segment(arena);
    }

    boolean isEmpty() {
        return count == 0;
    }

    boolean isFull() {
        return count == batch.capacity();
    }

    /** Queues {@code message[0, length)}; call {@link #flush} first when {@link #isFull}. */
    void add(byte[] message, int length) {
        if (isFull()) {
            throw new IllegalStateException("the outbox is full: flush first");
        }
        MemorySegment.copy(message, 0, batch.slot(count), ValueLayout.JAVA_BYTE, 0, length);
        batch.setLength(count, length);
        count++;
    }

    /** Sends what was added to {@code to} and empties the box; how many datagrams the kernel took. */
    int flush(InetSocketAddress to) throws IOException {
        if (count == 0) {
            return 0;
        }
        int n = count;
        count = 0;
        if (to != encodedFor) { // one object per endpoint: Tunnel keeps it until the peer moves
            addressLength = SocketAddresses.encode(to, socket.family(), batch.address(0));
            encodedFor = to;
        }
        MemorySegment first = batch.address(0);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                MemorySegment.copy(first, 0, batch.address(i), 0, addressLength);
            }
            batch.setAddressLength(i, addressLength);
        }
        return socket.send(batch, n, errno);
    }

    /** {@link #add} then {@link #flush}: a handshake message or a keepalive, alone. */
    int sendNow(byte[] message, int length, InetSocketAddress to) throws IOException {
        if (!isEmpty()) {
            throw new IllegalStateException("sendNow on an outbox with queued datagrams");
        }
        add(message, length);
        return flush(to);
    }
}
