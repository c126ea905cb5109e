package io.throng.packet.tunnel;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;

/**
 * One {@link TunnelCipher} (ChaCha20-Poly1305, RFC 8439, or AES-256-GCM) from the JDK with the 96-bit
 * nonce built from a 64-bit counter: four zero bytes, then the counter little-endian, as WireGuard
 * does. Not thread-safe: one per thread, and the Cipher object is kept (only {@code init} per message:
 * getInstance per packet would cost a provider look-up each time). The JDK itself refuses to encrypt
 * twice with one key and nonce; callers never ask it to, because every key's counter only goes up
 * (see Session).
 */
final class Aead {
    static final int TAG = 16;
    private final TunnelCipher kind;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];

    /** ChaCha20-Poly1305: what handshake messages are always sealed with. */
    Aead() {
        this(TunnelCipher.CHACHA20_POLY1305);
    }

    Aead(TunnelCipher kind) {
        this.kind = kind;
        try {
            cipher = Cipher.getInstance(kind.transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + kind, e);
        }
    }

    /** Encrypts {@code in[inOff, inOff+length)} into {@code out} at {@code outOff}, tag appended; returns the bytes written. */
    int seal(SecretKey key, long counter, byte[] aad, int aadOff, int aadLength,
            byte[] in, int inOff, int length, byte[] out, int outOff) {
        requireOwnKind(key);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nonce(counter));
            cipher.updateAAD(aad, aadOff, aadLength);
            return cipher.doFinal(in, inOff, length, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(kind + " encryption failed", e);
        }
    }

    /** Decrypts and authenticates; returns the plaintext length, or throws AEADBadTagException when not authentic. */
    int open(SecretKey key, long counter, byte[] aad, int aadOff, int aadLength,
            byte[] in, int inOff, int length, byte[] out, int outOff) throws AEADBadTagException {
        requireOwnKind(key);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nonce(counter));
            cipher.updateAAD(aad, aadOff, aadLength);
            return cipher.doFinal(in, inOff, length, out, outOff);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(kind + " decryption failed", e);
        }
    }

    /**
     * A session's keys are made for one cipher (Handshake derives them apart); the JDK's ChaCha20 would
     * take an "AES" key's bytes without a word, so a caller holding the wrong Aead must fail loudly.
     */
    private void requireOwnKind(SecretKey key) {
        if (!kind.keyAlgorithm.equals(key.getAlgorithm())) {
            throw new IllegalStateException("a " + key.getAlgorithm() + " key given to " + kind);
        }
    }

    private AlgorithmParameterSpec nonce(long counter) {
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (counter >>> (8 * i));
        }
        return kind.parameters(nonce); // the spec copies the array
    }
}
