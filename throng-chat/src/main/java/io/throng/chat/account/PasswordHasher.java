package io.throng.chat.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle's {@link Argon2BytesGenerator}) in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH} (unpadded base64), so every stored hash carries
 * its own parameters and they can be raised later without invalidating old hashes.
 *
 * @param memoryKiB   memory per hash, KiB (OWASP's minimum for Argon2id: 19456, i.e. 19 MiB)
 * @param iterations  passes over the memory (OWASP: 2)
 * @param parallelism lanes (OWASP: 1; concurrency comes from hashing several logins at once)
 */
public record PasswordHasher(int memoryKiB, int iterations, int parallelism) {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    public PasswordHasher {
        if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1 || memoryKiB > 4 << 20) {
            throw new IllegalArgumentException("Argon2id needs t >= 1, p >= 1 and 8p <= m <= 4 GiB");
        }
    }

    /** OWASP's recommended minimum for Argon2id: m=19456 KiB, t=2, p=1. */
    public static PasswordHasher owasp() {
        return new PasswordHasher(19456, 2, 1);
    }

    /** A fresh salt and the PHC string of {@code password} under these parameters. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, memoryKiB, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /**
     * Whether {@code password} matches the PHC string {@code phc} (with the parameters stored in it).
     * A malformed string matches nothing. Constant-time comparison.
     */
    public static boolean verify(String password, String phc) {
        String[] parts = phc.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        int m;
        int t;
        int p;
        byte[] salt;
        byte[] expected;
        try {
            String[] params = parts[3].split(",");
            m = Integer.parseInt(params[0].substring(2));
            t = Integer.parseInt(params[1].substring(2));
            p = Integer.parseInt(params[2].substring(2));
            salt = B64D.decode(parts[4]);
            expected = B64D.decode(parts[5]);
        } catch (RuntimeException malformed) {
            return false;
        }
        if (m < 8 * p || t < 1 || p < 1 || m > 4 << 20 || expected.length < 16 || expected.length > 64) {
            return false;
        }
        return MessageDigest.isEqual(expected, derive(password, salt, m, t, p, expected.length));
    }

    /** Whether a stored hash was made with other parameters than these (rehash on the next login). */
    public boolean outdated(String phc) {
        return !phc.startsWith("$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "$");
    }

    private static byte[] derive(String password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    @Override
    public String toString() {
        return "argon2id m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism;
    }
}
