package io.throng.packet.bridge;

/**
 * One port's counts since the bridge started. {@code rx*}: frames that came in on the port (bytes as on
 * the wire); {@code tx*}: frames sent out of it. Of the frames that came in, {@code flooded} went to
 * every other port (broadcast, multicast, or a destination not in the table), {@code filtered} were
 * for a station on this same port and went nowhere, {@code dropped} were refused: {@code truncated}
 * ones (longer than the MTU plus the link header), runts shorter than an Ethernet header, frames with
 * a group or zero source address; frames the kernel refused to send out of this port count here too.
 */
public record PortStatistics(String name, long rxFrames, long rxBytes, long txFrames, long txBytes,
        long flooded, long filtered, long dropped, long truncated) {
    /** One line, as {@code throng bridge} prints it. */
    public String line() {
        return "port " + name + ": rx " + rxFrames + " frames " + rxBytes + " bytes, tx " + txFrames + " frames " + txBytes
                + " bytes, flooded " + flooded + ", filtered " + filtered + ", dropped " + dropped + " (truncated " + truncated + ")";
    }
}
