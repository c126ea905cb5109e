package io.throng.packet;

/** What an Ethernet frame carries. */
public sealed interface Network permits Ipv4, Ipv6, Arp, OtherNetwork {}
