package io.throng.packet;

/** What an IP packet carries. */
public sealed interface Transport permits Tcp, Udp, Icmp, Icmp6, OtherTransport {}
