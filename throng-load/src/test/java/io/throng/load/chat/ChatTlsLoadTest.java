package io.throng.load.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.service.ChatConfig;
import io.throng.load.LoadRunner;
import io.throng.load.TargetPolicy;
import io.throng.load.TestCa;
import io.throng.load.TlsFailure;
import io.throng.load.TlsTrust;
import io.throng.net.tls.TlsCertificate;
import io.throng.net.tls.TlsConfig;
import io.throng.net.tls.TlsContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code load chat wss://} against the real chat server serving TLS with a certificate from an openssl test CA. */
class ChatTlsLoadTest {
    private static final int USERS = 20;
    private static final int ROOMS = 2;

    @TempDir
    static Path certs;
    static TestCa ca;
    static TlsContext tls;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = new TestCa(certs);
        TestCa.Leaf leaf = ca.leaf("chat", "DNS:localhost,IP:127.0.0.1");
        tls = TlsContext.of(TlsConfig.of(TlsCertificate.fromPem(leaf.chain(), leaf.key())));
    }

    private static ChatReport run(String url, TlsTrust trust) throws InterruptedException {
        ChatScenario s = ChatScenario.of(url, USERS, ROOMS, Duration.ofMillis(500), Duration.ofMillis(500),
                Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5), 0, 1).withTrust(trust);
        return new LoadRunner(new TargetPolicy(Set.of())).run(new ChatLoad(s, 2, null));
    }

    @Test
    void untrustedCertificateIsATlsErrorNotAConnectError() throws Exception {
        try (ChatServerFixture server = new ChatServerFixture(dir, ChatConfig.defaults(), tls)) {
            ChatReport r = run("wss://127.0.0.1:" + server.port() + "/ws", TlsTrust.JDK);
            String summary = r.summary(List.of());
            assertEquals(0, r.users().held(), summary);
            assertEquals(0, r.says(), summary);
            long failures = r.users().tls().failures()[TlsFailure.UNTRUSTED.ordinal()];
            assertTrue(failures >= USERS, summary); // every user, each of its attempts
            assertEquals(failures, r.users().tls().failureCount(), summary);
            assertEquals(failures, r.errors().get("tls"), summary);
            assertTrue(!r.errors().containsKey("connect"), summary);
            assertTrue(summary.contains("untrusted"), summary);
        }
    }

    @Test
    void everyMemberGetsEveryMessageOverWss() throws Exception {
        try (ChatServerFixture server = new ChatServerFixture(dir, ChatConfig.defaults(), tls)) {
            // https:// names the chat page; the load goes to its socket, /ws
            ChatReport r = run("https://localhost:" + server.port() + "/", TlsTrust.of(ca.caPem, false));
            List<String> violations = r.violations(null, 0, 0);
            String summary = r.summary(violations);
            System.out.println(summary);
            assertTrue(violations.isEmpty(), summary);
            assertEquals(USERS, r.users().held(), summary);
            assertEquals(USERS, r.users().tls().handshakes(), summary);
            assertTrue(r.says() >= USERS, summary); // about 4 each; handshakes on a busy machine take some of that
            assertEquals(r.says(), r.acks(), summary);
            assertEquals(0, r.lost(), summary);
            assertTrue(r.delivered() > 0, summary);
            assertTrue(summary.contains("wss://localhost:") && summary.contains(USERS + " handshakes"), summary);
        }
    }
}
