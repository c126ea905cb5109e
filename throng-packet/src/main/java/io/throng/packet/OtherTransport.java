package io.throng.packet;

/**
 * A payload not decoded: a protocol this package does not know, or a fragment after the first (it
 * carries no transport header).
 */
public record OtherTransport(int protocol, int length, boolean fragment) implements Transport {}
