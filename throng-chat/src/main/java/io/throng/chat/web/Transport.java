package io.throng.chat.web;

/** How a web connection reads its frames; named in URLs and in the metrics' {@code transport} label. */
enum Transport {
    SSE("sse"),
    POLL("poll");

    final String wire;

    Transport(String wire) {
        this.wire = wire;
    }

    static Transport of(String s) {
        for (Transport t : values()) {
            if (t.wire.equals(s)) {
                return t;
            }
        }
        return null;
    }
}
