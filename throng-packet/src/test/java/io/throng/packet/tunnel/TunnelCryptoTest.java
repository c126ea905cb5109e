package io.throng.packet.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.interfaces.XECPrivateKey;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The tunnel's cryptography without a network: keys against RFC 7748's vector, the handshake between
 * two in-memory ends (and against forged, replayed and mismatched messages), the replay window's edges.
 */
class TunnelCryptoTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void publicKeyOfAPrivateKeyIsRfc7748sVector() {
        // RFC 7748 6.1: Alice's private key and public key
        XECPrivateKey alice = Keys.privateKey(b64("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        assertEquals(b64("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"), Keys.encode(Keys.publicKey(alice)));
        assertEquals(b64("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"), Keys.encode(alice));
    }

    @Test
    void badKeyTextIsRefusedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Keys.privateKey("not base64!"))
                .getMessage().contains("not base64"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Keys.publicKey(Base64.getEncoder().encodeToString(new byte[31])))
                .getMessage().contains("31 bytes"));
    }

    @Test
    void aHandshakeGivesBothEndsTheSameKeysCrosswise() throws Exception {
        XECPrivateKey a = Keys.generate(), b = Keys.generate();
        Handshake initiator = new Handshake(a, Keys.publicKey(b)), responder = new Handshake(b, Keys.publicKey(a));
        Handshake.Pending p = initiator.initiate(0);
        Handshake.Accepted accepted = responder.respond(p.message().clone(), 0);
        assertNotNull(accepted);
        Session i = initiator.complete(p, accepted.response(), 0), r = accepted.session();
        assertArrayEquals(i.sendKey.getEncoded(), r.receiveKey.getEncoded());
        assertArrayEquals(i.receiveKey.getEncoded(), r.sendKey.getEncoded());
        assertFalse(java.util.Arrays.equals(i.sendKey.getEncoded(), i.receiveKey.getEncoded()));
        assertEquals(i.remoteIndex, r.localIndex);
        assertEquals(r.remoteIndex, i.localIndex);

        // a second handshake gives other keys (fresh ephemeral keys), so counters restart under new keys
        Handshake.Pending p2 = initiator.initiate(0);
        Session i2 = initiator.complete(p2, responder.respond(p2.message().clone(), 0).response(), 0);
        assertFalse(java.util.Arrays.equals(i.sendKey.getEncoded(), i2.sendKey.getEncoded()));
    }

    @Test
    void forgedReplayedAndTamperedHandshakesAreRefused() throws Exception {
        XECPrivateKey a = Keys.generate(), b = Keys.generate(), mallory = Keys.generate();
        Handshake responder = new Handshake(b, Keys.publicKey(a));
        // an initiation from a key the responder does not know
        Handshake.Pending forged = new Handshake(mallory, Keys.publicKey(b)).initiate(0);
        assertThrows(AEADBadTagException.class, () -> responder.respond(forged.message(), 0));
        // the real one is accepted once; its replay is not
        Handshake initiator = new Handshake(a, Keys.publicKey(b));
        Handshake.Pending p = initiator.initiate(0);
        Handshake.Accepted accepted = responder.respond(p.message().clone(), 0);
        assertNotNull(accepted);
        assertNull(responder.respond(p.message().clone(), 0));
        // a response with one bit flipped does not complete the handshake
        byte[] tampered = accepted.response().clone();
        tampered[20] ^= 1;
        assertThrows(AEADBadTagException.class, () -> initiator.complete(p, tampered, 0));
        // an initiation with a bit flipped in its ephemeral key is not authentic either
        Handshake.Pending p2 = initiator.initiate(0);
        byte[] flipped = p2.message().clone();
        flipped[9] ^= 1;
        assertThrows(AEADBadTagException.class, () -> responder.respond(flipped, 0));
    }

    @Test
    void transportSealedOnOneSideOpensOnTheOtherOnlyUnaltered() throws Exception {
        XECPrivateKey a = Keys.generate(), b = Keys.generate();
        Handshake initiator = new Handshake(a, Keys.publicKey(b)), responder = new Handshake(b, Keys.publicKey(a));
        Handshake.Pending p = initiator.initiate(0);
        Handshake.Accepted accepted = responder.respond(p.message().clone(), 0);
        Session i = initiator.complete(p, accepted.response(), 0), r = accepted.session();
        byte[] header = new byte[16], plain = "an IP packet".getBytes(), sealed = new byte[plain.length + 16], out = new byte[plain.length];
        Aead aead = new Aead();
        long counter = i.nextCounter();
        aead.seal(i.sendKey, counter, header, 0, 16, plain, 0, plain.length, sealed, 0);
        assertEquals(plain.length, aead.open(r.receiveKey, counter, header, 0, 16, sealed, 0, sealed.length, out, 0));
        assertArrayEquals(plain, out);
        assertThrows(AEADBadTagException.class, () -> aead.open(r.receiveKey, counter + 1, header, 0, 16, sealed, 0, sealed.length, out, 0));
        header[3] = 1;
        assertThrows(AEADBadTagException.class, () -> aead.open(r.receiveKey, counter, header, 0, 16, sealed, 0, sealed.length, out, 0));
        assertEquals(1, i.nextCounter());
    }

    @Test
    void aes256GcmSessionsCarryTransportAndHaveTheirOwnKeys() throws Exception {
        XECPrivateKey a = Keys.generate(), b = Keys.generate();
        TunnelCipher gcm = TunnelCipher.AES_256_GCM;
        Handshake initiator = new Handshake(a, Keys.publicKey(b), gcm), responder = new Handshake(b, Keys.publicKey(a), gcm);
        Handshake.Pending p = initiator.initiate(0);
        Handshake.Accepted accepted = responder.respond(p.message().clone(), 0);
        Session i = initiator.complete(p, accepted.response(), 0), r = accepted.session();
        assertEquals("AES", i.sendKey.getAlgorithm());
        assertArrayEquals(i.sendKey.getEncoded(), r.receiveKey.getEncoded());
        byte[] header = new byte[16], plain = "an IP packet".getBytes(), sealed = new byte[plain.length + 16], out = new byte[plain.length];
        Aead seal = new Aead(gcm), open = new Aead(gcm);
        seal.seal(i.sendKey, 7, header, 0, 16, plain, 0, plain.length, sealed, 0);
        assertEquals(plain.length, open.open(r.receiveKey, 7, header, 0, 16, sealed, 0, sealed.length, out, 0));
        assertArrayEquals(plain, out);
        assertThrows(AEADBadTagException.class, () -> open.open(r.receiveKey, 8, header, 0, 16, sealed, 0, sealed.length, out, 0));
        // the same keys cannot open it as ChaCha20-Poly1305 (no silent fallback between ciphers)
        SecretKeySpec asChaCha = new SecretKeySpec(r.receiveKey.getEncoded(), "ChaCha20");
        assertThrows(AEADBadTagException.class, () -> new Aead().open(asChaCha, 7, header, 0, 16, sealed, 0, sealed.length, out, 0));
        // and an Aead of the other kind refuses the session's key outright (a keepalive once went out that way)
        assertThrows(IllegalStateException.class, () -> new Aead().seal(i.sendKey, 8, header, 0, 0, plain, 0, 0, sealed, 0));
        assertThrows(IllegalStateException.class, () -> new Aead(gcm).open(asChaCha, 7, header, 0, 16, sealed, 0, sealed.length, out, 0));
    }

    @Test
    void aCipherMismatchIsRefusedOnBothSidesAndCannotBeRewrittenOnTheWay() throws Exception {
        XECPrivateKey a = Keys.generate(), b = Keys.generate();
        Handshake initiator = new Handshake(a, Keys.publicKey(b), TunnelCipher.AES_256_GCM);
        Handshake responder = new Handshake(b, Keys.publicKey(a), TunnelCipher.CHACHA20_POLY1305);
        Handshake.Pending p = initiator.initiate(0);
        // an on-path rewrite of the proposed cipher breaks the initiation's authentication
        byte[] rewritten = p.message().clone();
        rewritten[1] = TunnelCipher.CHACHA20_POLY1305.id;
        assertThrows(AEADBadTagException.class, () -> responder.respond(rewritten, 0));
        // the authentic one: answered (so the initiator learns why) but without a session
        Handshake.Accepted accepted = responder.respond(p.message().clone(), 0);
        assertNull(accepted.session());
        assertEquals(TunnelCipher.AES_256_GCM, accepted.proposed());
        // the initiator refuses the response with the reason; a rewritten response is not authentic
        byte[] claimsGcm = accepted.response().clone();
        claimsGcm[1] = TunnelCipher.AES_256_GCM.id;
        assertThrows(AEADBadTagException.class, () -> initiator.complete(p, claimsGcm, 0));
        Handshake.CipherMismatch refused = assertThrows(Handshake.CipherMismatch.class, () -> initiator.complete(p, accepted.response(), 0));
        assertEquals(TunnelCipher.CHACHA20_POLY1305, refused.peers);
        assertTrue(refused.getMessage().contains("the peer uses chacha20-poly1305, this side aes-256-gcm"), refused.getMessage());
        assertEquals(TunnelCipher.AES_256_GCM, TunnelCipher.parse("AES-256-GCM"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TunnelCipher.parse("aes-128-cbc")).getMessage()
                .contains("chacha20-poly1305, aes-256-gcm"));
    }

    @Test
    void replayWindowTakesEachCounterOnceAndRefusesTooOld() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.fresh(0));
        w.mark(0);
        assertFalse(w.fresh(0));
        assertTrue(w.fresh(5)); // out of order is fine
        w.mark(5);
        assertTrue(w.fresh(3));
        w.mark(3);
        assertFalse(w.fresh(3));
        assertFalse(w.fresh(5));
        w.mark(10_000); // slides far: everything at or below 10000 - SIZE is too old
        assertFalse(w.fresh(10_000 - ReplayWindow.SIZE));
        assertTrue(w.fresh(10_000 - ReplayWindow.SIZE + 1));
        assertFalse(w.fresh(10_000));
        assertTrue(w.fresh(9_999));
        assertFalse(w.fresh(-1));
        // sliding by less than the ring clears the words it passes, not the ones still in the window
        w.mark(9_999);
        w.mark(10_100);
        assertFalse(w.fresh(9_999));
        assertFalse(w.fresh(10_000));
        assertTrue(w.fresh(10_050));
    }

    @Test
    void wellFormednessIsDecidedInOnePlace() {
        byte[] m = new byte[100];
        m[0] = Wire.TRANSPORT;
        assertEquals(Wire.TRANSPORT, Wire.type(m, 32));
        assertEquals(0, Wire.type(m, 31)); // shorter than header and tag
        m[2] = 1;
        assertEquals(0, Wire.type(m, 40)); // reserved bytes must be zero
        m[2] = 0;
        m[0] = Wire.INITIATION;
        assertEquals(Wire.INITIATION, Wire.type(m, 64));
        assertEquals(0, Wire.type(m, 65));
        m[1] = TunnelCipher.AES_256_GCM.id; // a handshake message's byte 1 names a known cipher
        assertEquals(Wire.INITIATION, Wire.type(m, 64));
        m[1] = 2;
        assertEquals(0, Wire.type(m, 64));
        m[0] = Wire.TRANSPORT;
        m[1] = TunnelCipher.AES_256_GCM.id; // but a transport message's is reserved
        assertEquals(0, Wire.type(m, 40));
        m[1] = 0;
        m[0] = 3;
        assertEquals(0, Wire.type(m, 60));
    }

    private static String b64(String hex) {
        return Base64.getEncoder().encodeToString(HEX.parseHex(hex));
    }
}
