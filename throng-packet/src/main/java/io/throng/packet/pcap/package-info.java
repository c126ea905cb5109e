/**
 * Capture files. {@link io.throng.packet.pcap.PcapReader} reads pcap (micro- or nanosecond, either byte
 * order) and pcapng (sections, interfaces with their own link types and timestamp resolutions,
 * enhanced/simple/obsolete packet blocks); {@link io.throng.packet.pcap.PcapWriter} writes nanosecond
 * pcap or single-interface pcapng, which tcpdump, tshark and Wireshark read. Frames are
 * {@link io.throng.packet.pcap.CapturedFrame} records.
 *
 * <p>Invariant: a length read from a file is checked against {@code MAX_BLOCK} before anything is
 * allocated or read for it, and every other failure is a {@link io.throng.packet.pcap.PcapFormatException}.
 */
package io.throng.packet.pcap;
