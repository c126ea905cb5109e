/**
 * Probing a network, as iputils' ping and traceroute do: {@link io.throng.packet.probe.Ping} sends
 * ICMP / ICMPv6 echo requests and reads the answers with their round-trip times;
 * {@link io.throng.packet.probe.Traceroute} sends UDP or ICMP probes with growing TTLs and names the
 * routers that answer. Both run on the raw sockets of {@code io.throng.packet.capture}
 * ({@link io.throng.packet.capture.IcmpSocket}, {@link io.throng.packet.capture.RawIpv4Socket}) and
 * read answers with {@link io.throng.packet.IcmpMessage}; the CLI's {@code throng ping} and
 * {@code throng traceroute} only parse options and print.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>An answer is ours only when it names a probe we sent and carries our token: an echo reply by
 *       its id, a sequence we used and the random 8-byte token at the start of its data; an error by
 *       the probe it quotes (id and sequence, or UDP ports, the destination, and the token when the
 *       quote is long enough to hold it). Every raw ICMP socket on the host sees every answer, so two
 *       probers at once — even with the same id — never count each other's (tested).</li>
 *   <li>A message that does not decode is skipped: {@link io.throng.packet.MalformedPacketException} is
 *       caught where a message is matched, and nothing else is thrown for hostile input.</li>
 *   <li>Waits are bounded: a read waits at most until the next probe is due, the reply timeout or the
 *       deadline, in poll slices that pin a carrier thread for no more than 50 ms each
 *       (see {@link io.throng.packet.capture.IcmpSocket}).</li>
 *   <li>Round-trip times are taken with {@code System.nanoTime} around the send and after the read
 *       returns: they include the JVM's time to get to the message, not only the wire's.</li>
 * </ul>
 */
package io.throng.packet.probe;
