package io.throng.packet.tunnel;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two-message handshake between the two static keys (S_i, S_r: initiator's and responder's) with a
 * fresh ephemeral key on each side (E_i, E_r). Every secret is an X25519 result from the JDK, every key
 * an HKDF-SHA256 output (javax.crypto.KDF) whose info names both static public keys:
 * <ul>
 * <li>initiation key = HKDF(salt "throng-tunnel v1", DH(s_i,S_r) ‖ DH(e_i,S_r), "initiation" ‖ S_i ‖ S_r):
 *     seals the initiator's timestamp. Only a holder of s_i or s_r can make it; a timestamp not above the
 *     last one accepted from this peer is a replayed initiation and is refused.</li>
 * <li>with T = SHA-256(initiation ‖ response without its tag) and
 *     K = DH(s_i,S_r) ‖ DH(e_i,S_r) ‖ DH(s_i,E_r) ‖ DH(e_i,E_r): confirmation key = HKDF(T, K, "confirmation" ‖ S_i ‖ S_r)
 *     seals the response's empty payload (proof the responder holds s_r); the transport keys are
 *     HKDF(T, K, "initiator to responder" ‖ S_i ‖ S_r) and HKDF(T, K, "responder to initiator" ‖ S_i ‖ S_r).</li>
 * </ul>
 * The cipher: byte 1 of each message names the sender's configured {@link TunnelCipher} (inside the
 * AAD, and in T, so it cannot be changed on the way). A responder answers an initiation that proposes
 * another cipher with a response naming its own but keeps no session; the initiator, on authenticating
 * that response, refuses it ({@link CipherMismatch}): both sides learn of the mismatch, nobody falls
 * back. Transport keys for AES-256-GCM are derived with the label suffixed " aes-256-gcm", so one
 * handshake can never give the same key to both ciphers.
 *
 * <p>DH(e_i,E_r) gives forward secrecy: once both ephemeral keys are forgotten (they live in one pending
 * handshake only), recorded traffic cannot be decrypted even with both static keys.
 */
final class Handshake {
    private static final byte[] SALT = "throng-tunnel v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final XECPrivateKey ownKey;
    private final XECPublicKey peerKey;
    private final byte[] ownPublic, peerPublic;
    private final byte[] staticStatic;
    private final Aead aead = new Aead(); // handshake messages: always ChaCha20-Poly1305
    private final TunnelCipher cipher;
    private long lastTimestampSent, lastTimestampAccepted;

    /** An initiation sent and not yet answered; its ephemeral key is dropped with it. */
    record Pending(int localIndex, XECPrivateKey ephemeral, byte[] ephemeralPublic, byte[] message, long sentNanos) {}

    /**
     * An initiation accepted: the response to send and the session it made (the responder's side),
     * or none (null) when the initiator proposed another cipher ({@code proposed}) than this side's.
     */
    record Accepted(byte[] response, Session session, TunnelCipher proposed) {}

    /** An authentic response from a peer configured with another cipher: the handshake is refused. */
    static final class CipherMismatch extends Exception {
        final TunnelCipher peers;

        CipherMismatch(TunnelCipher own, TunnelCipher peers) {
            super("the peer uses " + peers + ", this side " + own + ": refused (both sides need the same --cipher)");
            this.peers = peers;
        }
    }

    Handshake(XECPrivateKey ownKey, XECPublicKey peerKey) throws InvalidKeyException {
        this(ownKey, peerKey, TunnelCipher.CHACHA20_POLY1305);
    }

    Handshake(XECPrivateKey ownKey, XECPublicKey peerKey, TunnelCipher cipher) throws InvalidKeyException {
        this.cipher = cipher;
        this.ownKey = ownKey;
        this.peerKey = peerKey;
        this.ownPublic = Keys.raw(Keys.publicKey(ownKey));
        this.peerPublic = Keys.raw(peerKey);
        this.staticStatic = Keys.agree(ownKey, peerKey);
    }

    static int newIndex() {
        return RANDOM.nextInt();
    }

    /** A new initiation from this side (the initiator), with a fresh ephemeral key and index. */
    synchronized Pending initiate(long nowNanos) {
        try {
            KeyPair ephemeral = Keys.generatePair();
            byte[] ephemeralPublic = Keys.raw((XECPublicKey) ephemeral.getPublic());
            int index = newIndex();
            byte[] m = new byte[Wire.INITIATION_SIZE];
            Wire.header(m, Wire.INITIATION);
            m[1] = cipher.id;
            Wire.putInt(m, 4, index);
            System.arraycopy(ephemeralPublic, 0, m, 8, 32);
            // Strictly increasing even when the wall clock is not, within this process
            long timestamp = Math.max(lastTimestampSent + 1, System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L);
            lastTimestampSent = timestamp;
            byte[] stamp = new byte[8];
            Wire.putLong(stamp, 0, timestamp);
            SecretKey key = key(SALT, concat(staticStatic, Keys.agree((XECPrivateKey) ephemeral.getPrivate(), peerKey)),
                    "initiation", ownPublic, peerPublic);
            aead.seal(key, 0, m, 0, 40, stamp, 0, 8, m, 40);
            return new Pending(index, (XECPrivateKey) ephemeral.getPrivate(), ephemeralPublic, m, nowNanos);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("X25519 with a fresh ephemeral key failed", e);
        }
    }

    /**
     * Answers an initiation (this side is the responder). Throws AEADBadTagException when it was not
     * made with the peer's key; returns null when it is a replay (its timestamp not above the last accepted).
     * An initiation proposing another cipher is answered (so the initiator learns why) without a session.
     */
    synchronized Accepted respond(byte[] init, long nowNanos) throws AEADBadTagException {
        try {
            byte[] initiatorEphemeral = Arrays.copyOfRange(init, 8, 40);
            XECPublicKey ei = Keys.publicKey(initiatorEphemeral);
            byte[] esr = Keys.agree(ownKey, ei);
            SecretKey key = key(SALT, concat(staticStatic, esr), "initiation", peerPublic, ownPublic);
            byte[] stamp = new byte[8];
            aead.open(key, 0, init, 0, 40, init, 40, 24, stamp, 0);
            long timestamp = Wire.getLong(stamp, 0);
            if (Long.compareUnsigned(timestamp, lastTimestampAccepted) <= 0) {
                return null;
            }
            lastTimestampAccepted = timestamp;

            KeyPair ephemeral = Keys.generatePair();
            byte[] responderEphemeral = Keys.raw((XECPublicKey) ephemeral.getPublic());
            int index = newIndex();
            byte[] r = new byte[Wire.RESPONSE_SIZE];
            Wire.header(r, Wire.RESPONSE);
            r[1] = cipher.id;
            Wire.putInt(r, 4, index);
            System.arraycopy(init, 4, r, 8, 4);
            System.arraycopy(responderEphemeral, 0, r, 12, 32);
            XECPrivateKey er = (XECPrivateKey) ephemeral.getPrivate();
            byte[] ikm = concat(staticStatic, esr, Keys.agree(er, peerKey), Keys.agree(er, ei));
            byte[] transcript = transcript(init, r);
            aead.seal(key(transcript, ikm, "confirmation", peerPublic, ownPublic), 0, r, 0, 44, r, 0, 0, r, 44);
            TunnelCipher proposed = TunnelCipher.ofId(init[1]);
            if (proposed != cipher) {
                return new Accepted(r, null, proposed);
            }
            Session session = new Session(index, Wire.getInt(init, 4),
                    transportKey(transcript, ikm, "responder to initiator", peerPublic, ownPublic),
                    transportKey(transcript, ikm, "initiator to responder", peerPublic, ownPublic), false, nowNanos);
            return new Accepted(r, session, proposed);
        } catch (InvalidKeyException | IllegalArgumentException e) {
            // a low-order ephemeral key (all-zero secret) is as unauthentic as a bad tag
            throw new AEADBadTagException("unusable ephemeral key: " + e.getMessage());
        }
    }

    /**
     * Completes this side's initiation with the response; AEADBadTagException when it is not the peer's,
     * CipherMismatch when it is but names another cipher.
     */
    synchronized Session complete(Pending pending, byte[] response, long nowNanos) throws AEADBadTagException, CipherMismatch {
        try {
            XECPublicKey er = Keys.publicKey(Arrays.copyOfRange(response, 12, 44));
            byte[] ikm = concat(staticStatic, Keys.agree(pending.ephemeral(), peerKey),
                    Keys.agree(ownKey, er), Keys.agree(pending.ephemeral(), er));
            byte[] transcript = transcript(pending.message(), response);
            aead.open(key(transcript, ikm, "confirmation", ownPublic, peerPublic), 0, response, 0, 44, response, 44, 16, new byte[0], 0);
            if (response[1] != cipher.id) {
                throw new CipherMismatch(cipher, TunnelCipher.ofId(response[1]));
            }
            return new Session(pending.localIndex(), Wire.getInt(response, 4),
                    transportKey(transcript, ikm, "initiator to responder", ownPublic, peerPublic),
                    transportKey(transcript, ikm, "responder to initiator", ownPublic, peerPublic), true, nowNanos);
        } catch (InvalidKeyException | IllegalArgumentException e) {
            throw new AEADBadTagException("unusable ephemeral key: " + e.getMessage());
        }
    }

    private static byte[] transcript(byte[] init, byte[] response) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(init, 0, Wire.INITIATION_SIZE);
            sha.update(response, 0, 44);
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A transport key for this side's cipher: ChaCha20-Poly1305 keeps the v1 labels, others add their name. */
    private SecretKey transportKey(byte[] salt, byte[] ikm, String label, byte[] initiatorPublic, byte[] responderPublic) {
        String l = cipher == TunnelCipher.CHACHA20_POLY1305 ? label : label + " " + cipher;
        return key(salt, ikm, l, initiatorPublic, responderPublic, cipher.keyAlgorithm);
    }

    private static SecretKey key(byte[] salt, byte[] ikm, String label, byte[] initiatorPublic, byte[] responderPublic) {
        return key(salt, ikm, label, initiatorPublic, responderPublic, "ChaCha20");
    }

    private static SecretKey key(byte[] salt, byte[] ikm, String label, byte[] initiatorPublic, byte[] responderPublic, String algorithm) {
        byte[] info = concat(label.getBytes(StandardCharsets.US_ASCII), initiatorPublic, responderPublic);
        try {
            byte[] key = KDF.getInstance("HKDF-SHA256")
                    .deriveData(HKDFParameterSpec.ofExtract().addSalt(salt).addIKM(ikm).thenExpand(info, 32));
            return new SecretKeySpec(key, algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 failed", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, off, p.length);
            off += p.length;
        }
        return all;
    }
}
