/**
 * Live capture on Linux: {@link io.throng.packet.capture.PacketCapture} over an AF_PACKET raw socket,
 * through FFM downcalls to libc ({@code Libc}, the conventions of throng-net's epoll engine: errno
 * captured per call, no JNI). The BPF filter is attached before the socket is bound, so rejected
 * frames are never queued; frames are read with recvfrom(2) (no TPACKET ring yet) and stamped by the
 * kernel; {@link io.throng.packet.capture.CaptureStatistics} reports the kernel's drop count.
 *
 * {@link io.throng.packet.capture.RawIpv4Socket} is the way out: an AF_INET raw socket (IPPROTO_RAW)
 * that sends whole packets built by {@link io.throng.packet.Ipv4Packets}.
 *
 * <p>Errors say what is wrong: {@link io.throng.packet.capture.PrivilegeException} names the missing
 * capability (CAP_NET_RAW), other systems than Linux get an UnsupportedOperationException before any
 * native call, an unknown interface an IOException naming it.
 */
package io.throng.packet.capture;
