package io.throng.load.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens file of {@code load chat --accounts}: refused before anything connects unless every user has a line. */
class AccountTokensTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws Exception {
        return Files.write(dir.resolve("tokens.txt"), List.of(lines));
    }

    @Test
    void aUserWithoutATokenIsAUsageErrorThatCountsTheMissing() throws Exception {
        Path f = file("u0 tok0", "u2 tok2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccountTokens.read(f, 4));
        assertTrue(e.getMessage().contains("no token for 2 of the 4 users (the first: u1)"), e.getMessage());
        // the scenario checks it when it is made, before a worker starts
        assertThrows(IllegalArgumentException.class, () -> ChatScenario.of("ws://127.0.0.1:1/ws", 4, 1,
                Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 0, 1).withAccounts(f));
    }

    @Test
    void aLineThatIsNotNameAndTokenIsRefusedWithItsNumber() throws Exception {
        Path f = file("u0 tok0", "u1 tok1 extra");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccountTokens.read(f, 2));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AccountTokens.read(dir.resolve("absent"), 1));
    }

    @Test
    void eachUserGetsTheTokenOfItsOwnNameWhateverTheOrderAndExtraLines() throws Exception {
        AccountTokens t = AccountTokens.read(file("# a comment", "u1 tok1", "", "u0 tok0", "u9 tok9"), 2);
        assertEquals("tok0", t.tokenOf(0));
        assertEquals("tok1", t.tokenOf(1));
    }
}
