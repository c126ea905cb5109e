package io.throng.websocket;

import java.util.zip.Deflater;

/**
 * What an endpoint is willing to do about permessage-deflate (RFC 7692). Off by default: a connection
 * with context takeover keeps a compressor and a decompressor (together about 300 KiB of native zlib
 * memory) for its whole life, which is the wrong trade for broadcast-heavy endpoints with many idle
 * connections.
 *
 * @param enabled offer (client) or accept (server) the extension at all
 * @param serverNoContextTakeover the server resets its compressor after every message (a client asks
 *     for it; a server grants it always when set)
 * @param clientNoContextTakeover the client resets its compressor after every message (a client declares
 *     it; a server asks for it). With both set, neither side keeps zlib state between messages and ours
 *     is allocated only while a message is being compressed or inflated.
 * @param offerClientMaxWindowBits client only: tell the server we can limit our window. A server that
 *     then asks for fewer than 15 bits gets Huffman-only compression from us (see {@link io.throng.websocket.codec.PerMessageDeflate}).
 * @param level zlib compression level, 1–9
 */
public record DeflateOptions(boolean enabled, boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                             boolean offerClientMaxWindowBits, int level) {
    public static final DeflateOptions DISABLED = new DeflateOptions(false, false, false, false, Deflater.DEFAULT_COMPRESSION);
    /** Enabled with context takeover both ways: best ratio, most memory. */
    public static final DeflateOptions ENABLED = new DeflateOptions(true, false, false, false, Deflater.DEFAULT_COMPRESSION);

    public DeflateOptions {
        if (level != Deflater.DEFAULT_COMPRESSION && (level < 1 || level > 9)) {
            throw new IllegalArgumentException("level must be 1..9: " + level);
        }
    }

    public DeflateOptions withNoContextTakeover(boolean server, boolean client) {
        return new DeflateOptions(enabled, server, client, offerClientMaxWindowBits, level);
    }

    public DeflateOptions withOfferClientMaxWindowBits(boolean offer) {
        return new DeflateOptions(enabled, serverNoContextTakeover, clientNoContextTakeover, offer, level);
    }
}
