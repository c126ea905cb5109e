/**
 * Live capture on Linux: {@link io.throng.packet.capture.PacketCapture} over an AF_PACKET raw socket,
 * through FFM downcalls to libc (the module's internal {@code io.throng.packet.sys} bindings, the
 * conventions of throng-net's epoll engine: errno captured per call, no JNI). The BPF filter is attached before the socket is bound, so rejected
 * frames are never queued; frames arrive in an mmap'd TPACKET_V3 ring (blocks of many frames, each
 * stamped by the kernel, no system call per frame) and {@link io.throng.packet.capture.CaptureStatistics}
 * reports the kernel's drop count. A frame comes out as a {@code CapturedFrame} (a copy) or, for a
 * loop that keeps up with 10^5 frames a second, as a view of the ring handed to a
 * {@code PacketCapture.FrameSink} and valid only during that call: no copy, no array, no timestamp object. {@code PacketSockets} holds the open and bind steps every packet
 * socket here shares.
 *
 * <p>{@link io.throng.packet.capture.LinkSocket} is a port for a program that forwards frames (the
 * bridge): promiscuous while open, incoming frames only, non-blocking reads into a buffer of the MTU
 * plus a link header, and poll(2) over several ports.
 *
 * {@link io.throng.packet.capture.RawIpv4Socket} and {@link io.throng.packet.capture.RawIpv6Socket} are
 * the way out: raw sockets (IPPROTO_RAW, header included) that send whole packets built by
 * {@link io.throng.packet.Ipv4Packets} and {@link io.throng.packet.Ipv6Packets}.
 *
 * <p>{@link io.throng.packet.capture.IcmpSocket} is a raw ICMP or ICMPv6 socket for probers: it sends
 * messages with a chosen TTL and receives echo replies and errors with a timeout. Its waits never
 * block a downcall longer than one 50 ms poll(2) slice, because a blocking FFM downcall pins a virtual
 * thread's carrier; its class comment says which checksums the kernel computes on which family.
 *
 * <p>Errors say what is wrong: {@link io.throng.packet.capture.PrivilegeException} names the missing
 * capability (CAP_NET_RAW), other systems than Linux get an UnsupportedOperationException before any
 * native call, an unknown interface an IOException naming it.
 */
package io.throng.packet.capture;
