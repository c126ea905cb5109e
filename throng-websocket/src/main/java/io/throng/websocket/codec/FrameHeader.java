package io.throng.websocket.codec;

/**
 * One frame's header as read from the wire. {@code rsv} holds the three reserved bits as a number
 * 0–7 (RSV1 = 4, the bit permessage-deflate uses).
 */
public record FrameHeader(boolean fin, int rsv, int opcode, long length, boolean masked) {
    public static final int RSV1 = 4;
}
