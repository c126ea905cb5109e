package io.throng.packet.pcap;

import java.io.IOException;

/** A capture file that is not pcap or pcapng, or is cut short or corrupt. */
public final class PcapFormatException extends IOException {
    public PcapFormatException(String message) {
        super(message);
    }
}
