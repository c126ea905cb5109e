package io.throng.load.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The login tokens of a run with accounts (protocol version 2): a file of {@code NAME TOKEN} lines, as
 * {@code throng chat admin logins} writes it, read before anything connects. User {@code g} ({@code u<g>}) says
 * {@code hello} with the token of the line named {@code u<g>}; the server, not this class, decides whether a token
 * is any good (a refused one is counted in the run, never skipped here).
 *
 * <p>Every user of the scenario must have a line: a run that silently left some users out would measure fewer users
 * than it says. Tokens are never printed, only counted.
 */
final class AccountTokens {
    private final Map<String, String> byName;

    private AccountTokens(Map<String, String> byName) {
        this.byName = byName;
    }

    /**
     * Reads {@code file} for the users {@code u0 .. u<users-1>}; lines of other names are ignored (one file may serve
     * runs of different sizes).
     *
     * @throws IllegalArgumentException if the file cannot be read, a line is not {@code NAME TOKEN}, or a user has no
     *     token
     */
    static AccountTokens read(Path file, int users) {
        Map<String, String> all = new HashMap<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+");
                if (parts.length != 2) {
                    throw new IllegalArgumentException(file + " line " + n + ": expected NAME TOKEN");
                }
                all.put(parts[0], parts[1]);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the tokens file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> mine = new HashMap<>(users * 2);
        int missing = 0;
        String first = null;
        for (int g = 0; g < users; g++) {
            String token = all.get(nick(g));
            if (token == null) {
                missing++;
                first = first == null ? nick(g) : first;
            } else {
                mine.put(nick(g), token);
            }
        }
        if (missing > 0) {
            throw new IllegalArgumentException(file + " has no token for " + missing + " of the " + users
                    + " users (the first: " + first + "); make them with throng chat admin logins");
        }
        return new AccountTokens(mine);
    }

    /** The token user {@code g} logs in with. */
    String tokenOf(int g) {
        return byName.get(nick(g));
    }

    /** The nickname of user {@code g}, with accounts or without. */
    static String nick(int g) {
        return "u" + g;
    }
}
