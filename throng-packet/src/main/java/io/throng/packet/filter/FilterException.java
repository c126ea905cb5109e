package io.throng.packet.filter;

/** A filter expression that does not parse or cannot be compiled; {@code position} is the offending token's index in the expression, or -1. */
public final class FilterException extends IllegalArgumentException {
    private final int position;

    public FilterException(String message, int position) {
        super(position < 0 ? message : message + " (at character " + (position + 1) + ")");
        this.position = position;
    }

    public int position() {
        return position;
    }
}
