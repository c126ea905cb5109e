package io.throng.packet;

/** A payload of an EtherType this package does not decode. */
public record OtherNetwork(int etherType, int length) implements Network {}
