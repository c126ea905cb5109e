package io.throng.mongrel.wire;

/**
 * {@code UUID ID @* {"METHOD":"JSON"} {"type":"disconnect"}}: the client of this connection is gone.
 * Notices may repeat or arrive after a reply; handlers must treat them as idempotent.
 */
public record Disconnect(String sender, long connectionId, HeaderFormat format) implements Inbound {
    public Disconnect {
        MessageCodec.checkToken("sender", sender);
    }
}
