package io.throng.packet.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A vector of struct mmsghdr for {@link Sockets#sendmmsg} and {@link Sockets#recvmmsg}, built once and
 * reused for every call: each message has one iovec over its own slot of a single buffer and its own
 * address slot (a struct sockaddr_in6 fits any address family used here). Sending rewrites only the
 * lengths (and addresses when they change); receiving rewrites what the kernel wrote back
 * ({@link #prepareReceive}). One thread uses a batch at a time. The layouts are those of LP64 Linux
 * (x86_64 and aarch64): msghdr 56 bytes, mmsghdr 64, iovec 16.
 */
public final class MessageBatch {
    /** struct sockaddr_in6, the largest address kept. */
    public static final int ADDRESS_SIZE = 28;
    static final int MMSGHDR = 64, IOVEC = 16;
    private static final long NAME = 0, NAMELEN = 8, IOV = 16, IOVLEN = 24, FLAGS = 48, MSG_LEN = 56;

    private final int capacity, slotSize;
    private final MemorySegment vector, iovecs, names, buffer;

    /** {@code capacity} messages of at most {@code slotSize} bytes each, allocated in {@code arena}. */
    public MessageBatch(Arena arena, int capacity, int slotSize) {
        if (capacity < 1 || slotSize < 1) {
            throw new IllegalArgumentException("capacity and slot size must be positive: " + capacity + ", " + slotSize);
        }
        this.capacity = capacity;
        this.slotSize = slotSize;
        vector = arena.allocate((long) MMSGHDR * capacity, 8);
        iovecs = arena.allocate((long) IOVEC * capacity, 8);
        names = arena.allocate((long) ADDRESS_SIZE * capacity, 8);
        buffer = arena.allocate((long) slotSize * capacity, 64);
        for (int i = 0; i < capacity; i++) {
            long h = (long) MMSGHDR * i, v = (long) IOVEC * i;
            iovecs.set(ADDRESS, v, buffer.asSlice((long) slotSize * i, slotSize));
            iovecs.set(JAVA_LONG, v + 8, slotSize);
            vector.set(ADDRESS, h + NAME, address(i));
            vector.set(JAVA_INT, h + NAMELEN, ADDRESS_SIZE);
            vector.set(ADDRESS, h + IOV, iovecs.asSlice(v, IOVEC));
            vector.set(JAVA_LONG, h + IOVLEN, 1);
        }
    }

    public int capacity() {
        return capacity;
    }

    public int slotSize() {
        return slotSize;
    }

    /** The start of the mmsghdr vector from message {@code first} on (to resume after a partial send). */
    public MemorySegment vector(int first) {
        return vector.asSlice((long) MMSGHDR * first);
    }

    /** Message {@code i}'s data slot, {@link #slotSize} bytes. */
    public MemorySegment slot(int i) {
        return buffer.asSlice((long) slotSize * i, slotSize);
    }

    /** Message {@code i}'s address slot: where to send it, or (after a receive) where it came from. */
    public MemorySegment address(int i) {
        return names.asSlice((long) ADDRESS_SIZE * i, ADDRESS_SIZE);
    }

    /** Before a send: message {@code i} carries {@code length} bytes of its slot. */
    public void setLength(int i, int length) {
        if (length < 0 || length > slotSize) {
            throw new IllegalArgumentException("length " + length + " outside 0.." + slotSize);
        }
        iovecs.set(JAVA_LONG, (long) IOVEC * i + 8, length);
    }

    /** Before a send: message {@code i} goes to the first {@code length} bytes of its address slot. */
    public void setAddressLength(int i, int length) {
        if (length < 0 || length > ADDRESS_SIZE) {
            throw new IllegalArgumentException("address length " + length + " outside 0.." + ADDRESS_SIZE);
        }
        vector.set(JAVA_INT, (long) MMSGHDR * i + NAMELEN, length);
    }

    /** Before a receive: the first {@code count} messages take a whole slot and any address (the kernel overwrote both). */
    public void prepareReceive(int count) {
        for (int i = 0; i < count; i++) {
            long h = (long) MMSGHDR * i;
            iovecs.set(JAVA_LONG, (long) IOVEC * i + 8, slotSize);
            vector.set(JAVA_INT, h + NAMELEN, ADDRESS_SIZE);
            vector.set(JAVA_INT, h + FLAGS, 0);
        }
    }

    /** After a receive: the bytes message {@code i} holds (msg_len). */
    public int length(int i) {
        return vector.get(JAVA_INT, (long) MMSGHDR * i + MSG_LEN);
    }

    /** After a receive: message {@code i}'s msg_flags (e.g. {@link Sockets#MSG_TRUNC}). */
    public int flags(int i) {
        return vector.get(JAVA_INT, (long) MMSGHDR * i + FLAGS);
    }
}
