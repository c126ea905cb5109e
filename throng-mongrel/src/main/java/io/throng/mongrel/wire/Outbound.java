package io.throng.mongrel.wire;

import java.util.List;

/** A message from a handler to the server: {@code UUID SIZE:ID ID ..., BODY}. */
public sealed interface Outbound permits Reply, Control {

    /** Most connection ids one message may target (Mongrel2's {@code limits.handler_targets}). */
    int MAX_TARGETS = 128;

    String sender();

    List<Long> connectionIds();
}
