package io.throng.websocket.codec;

import io.throng.websocket.DeflateParameters;

import io.throng.websocket.DeflateOptions;

import java.util.Map;
import java.util.Optional;

/**
 * permessage-deflate negotiation (RFC 7692 §7.1), honest about what the JDK's zlib binding can do.
 *
 * <p>{@link java.util.zip.Deflater} always compresses with a 32 KiB (15-bit) window; it has no way to
 * ask zlib for less. A peer that limits our window to N &lt; 15 bits must never see a back-reference
 * further than 2^N bytes, so when we accept such a limit our compressor runs Huffman-only (no
 * back-references at all): valid for every window, cheaper in CPU, weaker in ratio. Inflating is not
 * limited: {@link java.util.zip.Inflater} accepts any window up to 15 bits, so we never need to ask the
 * peer for a smaller one, and we never send {@code client_max_window_bits} as a server.
 *
 * <p>A server accepts the first offer whose parameters are all known and well-formed, and declines the
 * rest (then the connection runs uncompressed). A client fails the handshake on a response it did not
 * ask for or cannot honour, as §7.1 requires.
 */
public final class PerMessageDeflate {
    private PerMessageDeflate() {}

    /** The client's offer for {@code options}, or empty when deflate is off. */
    public static Optional<String> clientOffer(DeflateOptions options) {
        if (!options.enabled()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder(DeflateParameters.NAME);
        if (options.serverNoContextTakeover()) {
            sb.append("; server_no_context_takeover");
        }
        if (options.clientNoContextTakeover()) {
            sb.append("; client_no_context_takeover");
        }
        if (options.offerClientMaxWindowBits()) {
            sb.append("; client_max_window_bits");
        }
        return Optional.of(sb.toString());
    }

    /** Server side: the parameters to answer {@code header}'s first acceptable offer with, if any. */
    public static Optional<DeflateParameters> accept(String header, DeflateOptions options) {
        if (!options.enabled()) {
            return Optional.empty();
        }
        for (ExtensionHeader.Extension offer : ExtensionHeader.parse(header)) {
            if (!offer.name().equals(DeflateParameters.NAME) || offer.params() == null) {
                continue;
            }
            Optional<DeflateParameters> p = acceptOffer(offer.params(), options);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<DeflateParameters> acceptOffer(Map<String, String> params, DeflateOptions options) {
        boolean serverNoTakeover = options.serverNoContextTakeover();
        boolean clientNoTakeover = options.clientNoContextTakeover();
        int serverBits = 15;
        for (Map.Entry<String, String> e : params.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "server_no_context_takeover" -> {
                    if (v != null) {
                        return Optional.empty();
                    }
                    serverNoTakeover = true;
                }
                case "client_no_context_takeover" -> {
                    if (v != null) {
                        return Optional.empty();
                    }
                    clientNoTakeover = true;
                }
                case "server_max_window_bits" -> {
                    int bits = windowBits(v);
                    if (bits < 0) {
                        return Optional.empty();
                    }
                    serverBits = bits; // honoured: Huffman-only below 15
                }
                case "client_max_window_bits" -> {
                    // A hint (or the client's own limit): our inflater handles any window, nothing to answer.
                    if (v != null && windowBits(v) < 0) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new DeflateParameters(serverNoTakeover, clientNoTakeover, serverBits, 15));
    }

    /**
     * Client side: the parameters in force after the server answered {@code header} to our offer for
     * {@code options}; empty if it declined compression.
     *
     * @throws WebSocketException (1010) if the answer is not something we offered or can honour
     */
    public static Optional<DeflateParameters> clientAccept(String header, DeflateOptions options) throws WebSocketException {
        var extensions = ExtensionHeader.parse(header);
        if (extensions.isEmpty()) {
            return Optional.empty();
        }
        if (!options.enabled() || extensions.size() != 1 || !extensions.getFirst().name().equals(DeflateParameters.NAME)
                || extensions.getFirst().params() == null) {
            throw refused("server answered with extensions we did not offer: " + header);
        }
        boolean serverNoTakeover = false;
        boolean clientNoTakeover = false;
        int serverBits = 15;
        int clientBits = 15;
        for (Map.Entry<String, String> e : extensions.getFirst().params().entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "server_no_context_takeover" -> serverNoTakeover = v == null || fail(header);
                case "client_no_context_takeover" -> clientNoTakeover = v == null || fail(header);
                case "server_max_window_bits" -> {
                    serverBits = windowBits(v);
                    if (serverBits < 0) {
                        fail(header);
                    }
                }
                case "client_max_window_bits" -> {
                    clientBits = windowBits(v);
                    if (clientBits < 0 || !options.offerClientMaxWindowBits()) {
                        fail(header);
                    }
                }
                default -> fail(header);
            }
        }
        if (options.serverNoContextTakeover() && !serverNoTakeover) {
            fail(header);
        }
        return Optional.of(new DeflateParameters(serverNoTakeover, clientNoTakeover, serverBits, clientBits));
    }

    private static boolean fail(String header) throws WebSocketException {
        throw refused("unacceptable permessage-deflate answer: " + header);
    }

    private static WebSocketException refused(String message) {
        return new WebSocketException(CloseCodes.MANDATORY_EXTENSION, message);
    }

    /** 8..15, or -1 if {@code v} is not a window size. */
    private static int windowBits(String v) {
        if (v == null || v.isEmpty() || v.length() > 2 || !v.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int bits = Integer.parseInt(v);
        return bits >= 8 && bits <= 15 ? bits : -1;
    }
}
