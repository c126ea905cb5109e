package io.throng.packet.tunnel;

import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * The transport cipher: both peers configure the same one, and the handshake refuses a peer that
 * proposes another (it never falls back). Handshake messages themselves are always ChaCha20-Poly1305.
 * Both are AEADs from the JDK with a 256-bit key, a 96-bit nonce (four zero bytes, then the 64-bit
 * counter) and a 16-byte tag, so the wire format and overhead are the same. AES-256-GCM is the
 * faster one on CPUs with AES-NI/VAES (the JDK has intrinsics for it); ChaCha20-Poly1305 is the
 * default, constant-time in software everywhere.
 */
public enum TunnelCipher {
    CHACHA20_POLY1305(0, "chacha20-poly1305", "ChaCha20-Poly1305", "ChaCha20"),
    AES_256_GCM(1, "aes-256-gcm", "AES/GCM/NoPadding", "AES");

    /** The byte that names this cipher in handshake messages (authenticated with them). */
    final byte id;
    private final String cliName;
    final String transformation, keyAlgorithm;

    TunnelCipher(int id, String cliName, String transformation, String keyAlgorithm) {
        this.id = (byte) id;
        this.cliName = cliName;
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
    }

    /** The JCE parameters for a 12-byte nonce: GCM wants its tag length with it. */
    AlgorithmParameterSpec parameters(byte[] nonce) {
        return this == AES_256_GCM ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce);
    }

    /** The cipher a handshake byte names, or null for an unknown byte. */
    static TunnelCipher ofId(byte id) {
        for (TunnelCipher c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }

    /** Parses a name as the CLI spells it ({@code chacha20-poly1305}, {@code aes-256-gcm}). */
    public static TunnelCipher parse(String name) {
        for (TunnelCipher c : values()) {
            if (c.cliName.equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cipher '" + name + "' (one of "
                + Arrays.stream(values()).map(TunnelCipher::toString).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
