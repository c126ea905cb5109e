package io.throng.mongrel.wire;

/**
 * {@code UUID ID @* {"METHOD":"JSON","DOWNLOAD_CREDITS":"n"} {"type":"credits"}}: in flow-control mode the
 * server delivered a chunk and the handler may send {@code credits} more bytes to this connection.
 */
public record Credits(String sender, long connectionId, long credits, HeaderFormat format) implements Inbound {
    public Credits {
        MessageCodec.checkToken("sender", sender);
    }
}
