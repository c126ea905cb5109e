// bench/packet/TunnelCipherLoop.java: the JDK's per-packet AEAD cost as the tunnel uses it (one Cipher per
// side, init with a fresh counter nonce per packet, 16-byte AAD), seal then open of 1,420-byte packets on one
// thread, ChaCha20-Poly1305 and AES-256-GCM in turn, 3 rounds of 2 s each. Not the tunnel: its ceiling.
// Usage: flock /tmp/throng-bench.lock java bench/packet/TunnelCipherLoop.java   (JDK 25)
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

public class TunnelCipherLoop {
    public static void main(String[] args) throws Exception {
        byte[] k = new byte[32], in = new byte[1420], out = new byte[1420 + 16], aad = new byte[16];
        for (int round = 0; round < 3; round++) {
            for (String alg : new String[] {"ChaCha20-Poly1305", "AES/GCM/NoPadding"}) {
                boolean gcm = alg.startsWith("AES");
                SecretKey key = new SecretKeySpec(k, gcm ? "AES" : "ChaCha20");
                Cipher seal = Cipher.getInstance(alg), open = Cipher.getInstance(alg);
                byte[] nonce = new byte[12];
                long n = 0, t0 = System.nanoTime(), end = t0 + 2_000_000_000L;
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 1000; i++) {
                        n++;
                        for (int j = 0; j < 8; j++) {
                            nonce[4 + j] = (byte) (n >>> 8 * j);
                        }
                        var spec = gcm ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce);
                        seal.init(Cipher.ENCRYPT_MODE, key, spec);
                        seal.updateAAD(aad);
                        int len = seal.doFinal(in, 0, in.length, out, 0);
                        open.init(Cipher.DECRYPT_MODE, key, spec);
                        open.updateAAD(aad);
                        open.doFinal(out, 0, len, in, 0);
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("round %d %s seal+open: %.0f packets/s = %.0f Mbit/s of 1,420-byte packets%n",
                        round + 1, alg, n / s, n * 1420 * 8 / s / 1e6);
            }
        }
    }
}
