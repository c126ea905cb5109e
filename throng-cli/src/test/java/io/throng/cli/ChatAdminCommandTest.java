package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code throng chat admin} on a store file, and the start-up refusals of {@code throng chat}'s account options. */
class ChatAdminCommandTest {
    @TempDir
    Path data;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String stdin, String... args) {
        InputStream in = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.setIn(in);
        }
    }

    int admin(String stdin, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "chat";
        all[1] = "admin";
        all[2] = "--data";
        all[3] = data.toString();
        all[4] = "--argon2=64,1,1";
        System.arraycopy(args, 0, all, 5, args.length);
        return run(stdin, all);
    }

    @Test
    void insecureNicknamesAreRefusedOffLoopback() {
        assertEquals(ExitCodes.USAGE, run("", "chat", "--host", "0.0.0.0", "--port", "0", "--insecure-nicknames",
                "--data", data.toString()));
        assertTrue(err.toString().contains("only allowed on a loopback"), err.toString());
        assertEquals(ExitCodes.USAGE, run("", "chat", "--registration", "sometimes", "--port", "0",
                "--data", data.toString()));
        assertTrue(err.toString().contains("--registration is open, invite or closed"), err.toString());
    }

    @Test
    void createsListsDisablesInvitesAndRevokesWithoutEchoingPasswords() {
        assertEquals(ExitCodes.USAGE, admin("", "revoke"), "a revoke names what it revokes");
        assertEquals(ExitCodes.FAILURE, admin("short\n", "create", "alice"), "too short a password");
        assertEquals(ExitCodes.OK, admin("alice's long password\n", "create", "alice"), err.toString());
        assertEquals(ExitCodes.FAILURE, admin("another password\n", "create", "ALICE"), "names are unique ignoring case");
        assertEquals(ExitCodes.OK, admin("", "disable", "alice"));
        assertEquals(ExitCodes.OK, admin("", "accounts"));
        assertTrue(out.toString().contains("alice\tcreated ") && out.toString().contains("\tdisabled"), out.toString());
        assertEquals(ExitCodes.FAILURE, admin("", "disable", "nobody"));
        assertEquals(ExitCodes.OK, admin("", "invite"));
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("[A-Za-z0-9_-]{43}")), out.toString());
        assertEquals(ExitCodes.OK, admin("", "revoke", "--account", "alice"));
        assertTrue(out.toString().contains("revoked 0 session(s)"), out.toString());
        assertFalse((out + err.toString()).contains("long password"), "a password was echoed");
    }

    /** What {@code load chat --accounts} reads: real logins of the server's own code, in a file only its owner reads. */
    @Test
    void loginsWritesOneWorkingTokenPerAccountReadableByItsOwnerOnly() throws Exception {
        Path tokens = data.resolve("tokens.txt");
        assertEquals(ExitCodes.USAGE, admin("bench password\n", "logins", "--count", "0", "--out", tokens.toString()));
        assertEquals(ExitCodes.OK, admin("bench password\n", "logins", "--prefix", "b", "--count", "3", "--out",
                tokens.toString()), err.toString());
        assertTrue(out.toString().contains("wrote 3 logins (3 accounts created)"), out.toString());
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                java.nio.file.Files.getPosixFilePermissions(tokens));
        java.util.List<String> first = java.nio.file.Files.readAllLines(tokens);
        assertEquals(java.util.List.of("b0", "b1", "b2"), first.stream().map(l -> l.split(" ")[0]).toList());
        try (io.throng.chat.account.Accounts a = io.throng.chat.account.Accounts.open(data.resolve("chat.db"),
                io.throng.chat.account.Accounts.Options.defaults(io.throng.chat.account.Registration.CLOSED),
                java.time.InstantSource.system())) {
            for (String line : first) {
                String[] nameToken = line.split(" ");
                assertEquals(nameToken[0], a.authenticate(nameToken[1]).orElseThrow().account());
            }
        }
        // a second run logs the same accounts in again; with another password it fails and leaves the file alone
        assertEquals(ExitCodes.OK, admin("bench password\n", "logins", "--prefix", "b", "--count", "3", "--out",
                tokens.toString()), err.toString());
        assertTrue(out.toString().contains("wrote 3 logins (0 accounts created)"), out.toString());
        java.util.List<String> second = java.nio.file.Files.readAllLines(tokens);
        assertEquals(ExitCodes.FAILURE, admin("not the password\n", "logins", "--prefix", "b", "--count", "3",
                "--out", tokens.toString()));
        assertEquals(second, java.nio.file.Files.readAllLines(tokens));
        assertFalse((out + err.toString()).contains("bench password"), "a password was echoed");
    }
}
