package io.throng.packet.pcap;

import io.throng.packet.Ethernet;
import io.throng.packet.MalformedPacketException;
import java.time.Instant;

/**
 * One frame as captured: when, how long it was on the wire, its link type and the bytes kept (fewer
 * than {@code originalLength} when a snapshot length cut it). The array is the caller's to keep; it is
 * not copied.
 */
public record CapturedFrame(Instant timestamp, int originalLength, int linkType, byte[] data) {
    /** LINKTYPE_ETHERNET, the only link type {@link #ethernet} decodes. */
    public static final int ETHERNET = 1;

    /** Decodes the frame; a link type other than Ethernet is a {@link MalformedPacketException} too. */
    public Ethernet ethernet() {
        if (linkType != ETHERNET) {
            throw new MalformedPacketException("link type " + linkType + " is not Ethernet");
        }
        return Ethernet.decode(data);
    }
}
