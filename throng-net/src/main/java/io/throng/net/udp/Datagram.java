package io.throng.net.udp;

import java.net.InetSocketAddress;

/**
 * One received datagram: who sent it and its bytes. {@code truncated} is true when the datagram was
 * longer than the receiver's limit: {@code data} then holds only the first {@code limit} bytes and the rest
 * is lost. The kernel gives no way to read the rest, so a truncated datagram is reported, never passed
 * off as whole.
 *
 * @param sender where it came from: the address to reply to
 * @param data its payload (at most the receiver's limit); the record owns the array, do not change it
 * @param truncated whether bytes beyond the limit were cut off
 */
public record Datagram(InetSocketAddress sender, byte[] data, boolean truncated) {
    public Datagram {
        if (sender == null || data == null) {
            throw new NullPointerException("sender and data are required");
        }
    }

    /** The payload's length (of what was kept, if truncated). */
    public int length() {
        return data.length;
    }
}
