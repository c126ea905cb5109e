package io.throng.packet.tunnel;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;

/**
 * X25519 keys as WireGuard keeps them: 32 raw bytes (RFC 7748 encoding, little-endian), base64 in a
 * file of one line. Everything here is the JDK's XDH provider; the public key of a private one is
 * X25519(private, 9), the curve's base point, computed with its KeyAgreement.
 */
public final class Keys {
    /** Raw key length in bytes. */
    public static final int LENGTH = 32;
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    private Keys() {}

    /** A fresh private key from the JDK's default SecureRandom. */
    public static XECPrivateKey generate() {
        return (XECPrivateKey) generatePair().getPrivate();
    }

    static KeyPair generatePair() {
        try {
            return KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no X25519", e);
        }
    }

    /** The public key that belongs to {@code key}. */
    public static XECPublicKey publicKey(XECPrivateKey key) {
        try {
            return publicKey(agree(key, publicKey(BASE_POINT)));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not a usable X25519 private key", e);
        }
    }

    /** The shared secret X25519(key, peer); refuses a peer key that gives the all-zero secret. */
    static byte[] agree(XECPrivateKey key, XECPublicKey peer) throws InvalidKeyException {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(key);
            agreement.doPhase(peer, true);
            return agreement.generateSecret();
        } catch (InvalidKeyException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("X25519 agreement failed: " + e.getMessage(), e);
        }
    }

    /** The base64 text of a private key (its 32-byte scalar). */
    public static String encode(XECPrivateKey key) {
        byte[] scalar = key.getScalar().orElseThrow(() -> new IllegalArgumentException("the private key is not extractable"));
        return Base64.getEncoder().encodeToString(scalar);
    }

    /** The base64 text of a public key (its 32-byte u-coordinate, little-endian). */
    public static String encode(XECPublicKey key) {
        return Base64.getEncoder().encodeToString(raw(key));
    }

    /** Reads a private key from its base64 text; IllegalArgumentException says what is wrong. */
    public static XECPrivateKey privateKey(String base64) {
        byte[] scalar = decode(base64, "private");
        try {
            return (XECPrivateKey) KeyFactory.getInstance("X25519")
                    .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X25519 private key: " + e.getMessage(), e);
        }
    }

    /** Reads a public key from its base64 text; IllegalArgumentException says what is wrong. */
    public static XECPublicKey publicKey(String base64) {
        return publicKey(decode(base64, "public"));
    }

    static XECPublicKey publicKey(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("an X25519 public key has " + LENGTH + " bytes, not " + raw.length);
        }
        byte[] bigEndian = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            bigEndian[i] = raw[LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7f; // RFC 7748 5: the top bit of the last byte is masked
        return publicKey(new BigInteger(1, bigEndian));
    }

    private static XECPublicKey publicKey(BigInteger u) {
        try {
            return (XECPublicKey) KeyFactory.getInstance("X25519")
                    .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X25519 public key: " + e.getMessage(), e);
        }
    }

    /** The 32-byte RFC 7748 encoding of a public key. */
    static byte[] raw(XECPublicKey key) {
        byte[] bigEndian = key.getU().toByteArray();
        byte[] raw = new byte[LENGTH];
        for (int i = 0; i < LENGTH && i < bigEndian.length; i++) {
            raw[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return raw;
    }

    private static byte[] decode(String base64, String which) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + which + " key is not base64: " + e.getMessage(), e);
        }
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("the " + which + " key has " + raw.length + " bytes; an X25519 key has " + LENGTH);
        }
        return raw;
    }
}
