package io.throng.mongrel.wire;

/**
 * A message from the server (Mongrel2 or Throng's gateway) to a handler. Every one is addressed by the
 * handler's sender id and a connection id, the pair a reply needs.
 */
public sealed interface Inbound permits Request, Disconnect, Credits {

    /** The handler's {@code send_ident}, echoed as the first token of every reply. */
    String sender();

    /** The client connection, unique within one server process. */
    long connectionId();
}
