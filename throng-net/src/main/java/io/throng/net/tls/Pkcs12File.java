package io.throng.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads a PKCS#12 key store with the JDK: the first entry that has a private key, with its chain. */
final class Pkcs12File {

    private Pkcs12File() {}

    static TlsCertificate read(Path file, char[] password) throws IOException {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        } catch (IOException e) {
            throw new IOException(file + ": " + (e.getCause() instanceof UnrecoverableKeyException
                    ? "wrong password" : "not a PKCS#12 file or damaged: " + e.getMessage()), e);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a readable PKCS#12 file: " + e.getMessage(), e);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, password);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : store.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return new TlsCertificate(chain, key);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": the key entry does not open with this password: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        throw new IOException(file + ": no private key entry (a trust store holds certificates only)");
    }
}
