package io.throng.net.udp;

/**
 * How a {@link UdpSocket} is opened.
 *
 * @param maxDatagram the longest datagram received whole; a longer one arrives {@link Datagram#truncated()}.
 *     At most 65,535 (UDP's own ceiling); default 65,507, the largest IPv4 UDP payload.
 * @param receiveBuffer SO_RCVBUF in bytes, or 0 for the system default: a burst longer than this is lost
 *     by the kernel before the socket sees it
 * @param sendBuffer SO_SNDBUF in bytes, or 0 for the system default
 * @param reuseAddress SO_REUSEADDR: several sockets on one port, as multicast receivers on one host need
 */
public record UdpOptions(int maxDatagram, int receiveBuffer, int sendBuffer, boolean reuseAddress) {
    /** The largest payload of one IPv4 UDP datagram: 65,535 less the IP and UDP headers. */
    public static final int MAX_IPV4_PAYLOAD = 65_507;

    public UdpOptions {
        if (maxDatagram < 1 || maxDatagram > 65_535) {
            throw new IllegalArgumentException("maxDatagram must be 1..65535: " + maxDatagram);
        }
        if (receiveBuffer < 0 || sendBuffer < 0) {
            throw new IllegalArgumentException("buffer sizes must be >= 0");
        }
    }

    public static UdpOptions defaults() {
        return new UdpOptions(MAX_IPV4_PAYLOAD, 0, 0, false);
    }

    public UdpOptions withMaxDatagram(int bytes) {
        return new UdpOptions(bytes, receiveBuffer, sendBuffer, reuseAddress);
    }

    public UdpOptions withReceiveBuffer(int bytes) {
        return new UdpOptions(maxDatagram, bytes, sendBuffer, reuseAddress);
    }

    public UdpOptions withSendBuffer(int bytes) {
        return new UdpOptions(maxDatagram, receiveBuffer, bytes, reuseAddress);
    }

    public UdpOptions withReuseAddress(boolean on) {
        return new UdpOptions(maxDatagram, receiveBuffer, sendBuffer, on);
    }
}
