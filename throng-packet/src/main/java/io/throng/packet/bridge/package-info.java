/**
 * {@code throng bridge}: a user-space learning L2 bridge between Linux interfaces, over AF_PACKET.
 *
 * <p>{@link io.throng.packet.bridge.Bridge} opens one {@link io.throng.packet.capture.LinkSocket}
 * per interface: bound to it, promiscuous through a PACKET_MR_PROMISC membership (which the kernel
 * drops when the socket closes, so no exit path leaves an interface promiscuous), receiving only
 * incoming frames, so the frames the bridge sends are never bridged again. The decisions live in
 * {@code Forwarder}, which touches no socket (its tests use fake ports): learn the source MAC on the
 * ingress port (a station that moves is relearned on its first frame), send a known unicast to its one
 * port, flood broadcast, multicast and unknown unicast to all the others, never send a frame out of
 * the port it came in on, drop truncated frames, runts and group or zero sources, and count all of it
 * per port. {@code MacTable} is bounded (the least recently heard station is evicted, and counted) and
 * ages entries (300 s by default) against an injectable monotonic clock.
 *
 * <p>Threads. An FFM downcall that blocks pins the virtual thread's carrier for as long as it blocks,
 * so the ports are not read by virtual threads in blocking recvfrom(2). One platform thread owns the
 * loop: poll(2) over every port's socket with a 100 ms timeout (so it notices a stop and ages the table
 * without traffic), then non-blocking reads of at most 64 frames per ready port in turn. One thread
 * rather than one per port because forwarding is a short job next to a system call, and a single
 * writer keeps the table's order of events the order the frames were read; epoll would save work only
 * with many more ports than a bridge has. Statistics are read from other threads under the
 * Forwarder's lock, which the loop otherwise takes uncontended.
 *
 * <p>Invariants: a frame is sent out of each port at most once and never out of its ingress port; the
 * table never holds more than its bound; every frame read is counted as received on exactly one port.
 * Limits: no spanning tree (do not close a loop through the bridge), no VLAN awareness, and the
 * frames are sent as read: with checksum or segmentation offload on the attached interfaces (veth's
 * default) TCP and UDP frames from the local stack may be unfinished — turn offloads off there.
 */
package io.throng.packet.bridge;
