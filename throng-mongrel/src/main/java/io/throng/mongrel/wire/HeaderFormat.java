package io.throng.mongrel.wire;

/** How a request's headers are written: the handler's {@code protocol} column in Mongrel2's config. */
public enum HeaderFormat {
    /** {@code SIZE:{"KEY":"value",...},} — a netstring holding a JSON object (Mongrel2's default). */
    JSON,
    /** {@code SIZE:3:KEY,5:value,...}} — a tnetstring dict. */
    TNETSTRING
}
