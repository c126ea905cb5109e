package io.throng.mongrel.front;

/**
 * The client end of a relayed connection, as a handler is told of it: its address ({@code REMOTE_ADDR},
 * {@code x-forwarded-for}) and the scheme it came in with ({@code URL_SCHEME}: {@code https} on a
 * {@code tls} listener). Both are fixed for the connection's life.
 */
record Peer(String address, String scheme) {}
