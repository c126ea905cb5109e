package io.throng.packet;

/** A frame that does not decode: too short for a header it announces, or a field out of range. The only exception the decoders throw. */
public final class MalformedPacketException extends RuntimeException {
    public MalformedPacketException(String message) {
        super(message);
    }
}
