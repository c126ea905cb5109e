package io.throng.chaos;

import java.util.Locale;

/**
 * What a proxy carries: a TCP byte stream (toxiproxy's only kind), UDP datagrams or HTTP/1.1 requests
 * (Throng's). Each toxic makes sense for some: a stream cannot lose or duplicate a piece without
 * breaking it, a datagram has no end of stream to delay or slice, and the HTTP toxics act on whole
 * requests, which only an HTTP proxy sees. An HTTP proxy is also a stream: the stream toxics act on the
 * bytes between it and the client.
 */
public enum Protocol {
    TCP,
    UDP,
    HTTP;

    /** The API's name: {@code "tcp"}, {@code "udp"} or {@code "http"}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the API's name, ignoring case; null if it is neither. */
    public static Protocol parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tcp" -> TCP;
            case "udp" -> UDP;
            case "http" -> HTTP;
            default -> null;
        };
    }

    /** Whether {@code toxic} can act on this protocol's traffic. */
    public boolean allows(Toxic toxic) {
        return switch (toxic) {
            case Toxic.Latency _, Toxic.Partition _ -> true;
            case Toxic.HttpStatus _, Toxic.HttpDelay _, Toxic.HttpDrop _ -> this == HTTP;
            case Toxic.PacketLoss _, Toxic.Duplicate _, Toxic.Corrupt _, Toxic.Reorder _ -> this == UDP;
            // An HTTP proxy runs the stream toxics on the client's bytes, as a TCP proxy does.
            case Toxic.Bandwidth _, Toxic.SlowClose _, Toxic.Timeout _, Toxic.ResetPeer _, Toxic.Slicer _,
                 Toxic.LimitData _ -> this != UDP;
        };
    }
}
