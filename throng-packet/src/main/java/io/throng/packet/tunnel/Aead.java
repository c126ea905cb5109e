package io.throng.packet.tunnel;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;

/**
 * ChaCha20-Poly1305 (RFC 8439) from the JDK with the 96-bit nonce built from a 64-bit counter: four
 * zero bytes, then the counter little-endian, as WireGuard does. Not thread-safe: one per thread.
 * The JDK itself refuses to encrypt twice with one key and nonce; callers never ask it to, because
 * every key's counter only goes up (see Session).
 */
final class Aead {
    static final int TAG = 16;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];

    Aead() {
        try {
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no ChaCha20-Poly1305", e);
        }
    }

    /** Encrypts {@code in[inOff, inOff+length)} into {@code out} at {@code outOff}, tag appended; returns the bytes written. */
    int seal(SecretKey key, long counter, byte[] aad, int aadOff, int aadLength,
            byte[] in, int inOff, int length, byte[] out, int outOff) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nonce(counter));
            cipher.updateAAD(aad, aadOff, aadLength);
            return cipher.doFinal(in, inOff, length, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    /** Decrypts and authenticates; returns the plaintext length, or throws AEADBadTagException when not authentic. */
    int open(SecretKey key, long counter, byte[] aad, int aadOff, int aadLength,
            byte[] in, int inOff, int length, byte[] out, int outOff) throws AEADBadTagException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nonce(counter));
            cipher.updateAAD(aad, aadOff, aadLength);
            return cipher.doFinal(in, inOff, length, out, outOff);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
    }

    private IvParameterSpec nonce(long counter) {
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (counter >>> (8 * i));
        }
        return new IvParameterSpec(nonce);
    }
}
