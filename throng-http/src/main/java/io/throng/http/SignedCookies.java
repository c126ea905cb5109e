package io.throng.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cookie values that the client can read but not forge: {@code value.signature}, where the signature
 * is HMAC-SHA256 over the cookie's name and value, base64url. Like Tornado's secure cookies but
 * without timestamps: put an expiry in the value if you need one.
 */
public final class SignedCookies {
    private final SecretKeySpec key;

    /** @param secret at least 32 random bytes, kept on the server */
    public SignedCookies(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("use a secret of at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** The cookie value to send: {@code value} (cookie-safe characters only) plus its signature. */
    public String sign(String name, String value) {
        return value + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(name, value));
    }

    /** The original value if {@code signed} was made by {@link #sign} with this secret and name, else null. */
    public String verify(String name, String signed) {
        if (signed == null) {
            return null;
        }
        int dot = signed.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String value = signed.substring(0, dot);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signed.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return MessageDigest.isEqual(given, mac(name, value)) ? value : null;
    }

    private byte[] mac(String name, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '=');
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
