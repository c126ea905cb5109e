package io.throng.chat.store.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a PostgreSQL store is, parsed from what an operator writes: a JDBC URL
 * ({@code jdbc:postgresql://host:port/db?user=u&password=p}) or a libpq URL
 * ({@code postgresql://u:p@host:port/db?sslmode=require}, or {@code postgres://...}). Several hosts
 * ({@code h1:p1,h2:p2}) are kept for the driver, which tries them in order; libpq's
 * {@code target_session_attrs} becomes pgjdbc's {@code targetServerType}. The user and
 * password are taken out of the URL into their own fields, so that {@link #redacted()} (what logs,
 * the start-up line and {@code describe()} show) never carries the password.
 *
 * @param jdbcUrl  the driver's URL without user and password
 * @param user     null: the driver's default (the OS user)
 * @param password null: none (trust, peer, or a {@code .pgpass} file)
 */
public record PgUrl(String jdbcUrl, String user, String password) {
    public PgUrl {
        Objects.requireNonNull(jdbcUrl);
    }

    /** Whether {@code store} names a PostgreSQL database (else it is not a URL this class reads). */
    public static boolean isPostgres(String store) {
        return store != null && (store.startsWith("jdbc:postgresql:") || store.startsWith("postgresql://")
                || store.startsWith("postgres://"));
    }

    /** Parses either form; throws {@link IllegalArgumentException} with a message for the operator. */
    public static PgUrl parse(String url) {
        String rest;
        boolean libpq;
        if (url.startsWith("jdbc:postgresql://")) {
            rest = url.substring("jdbc:postgresql://".length());
            libpq = false;
        } else if (url.startsWith("postgresql://")) {
            rest = url.substring("postgresql://".length());
            libpq = true;
        } else if (url.startsWith("postgres://")) {
            rest = url.substring("postgres://".length());
            libpq = true;
        } else {
            throw new IllegalArgumentException("not a PostgreSQL URL (jdbc:postgresql://..., postgresql://... or "
                    + "postgres://...): " + safe(url));
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        if (authority.isEmpty()) {
            authority = "localhost"; // libpq's default host (pgjdbc has no unix sockets)
        }
        if (database.isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL URL names no database: " + libpqForm(authority, user, ""));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            switch (k) {
                case "user" -> user = v;
                case "password" -> password = v;
                case "target_session_attrs" -> params.put("targetServerType", targetServerType(v, url));
                default -> params.put(k, v);
            }
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(authority).append('/').append(database);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            jdbc.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = '&';
        }
        return new PgUrl(jdbc.toString(), user, password);
    }

    /**
     * libpq's {@code target_session_attrs} as pgjdbc's {@code targetServerType}, so a libpq URL that
     * lists a primary and its standbys ({@code postgresql://h1:5432,h2:5432/chat?target_session_attrs=read-write})
     * connects to whichever of them takes writes now, as psql would. pgjdbc's {@code primary} is judged
     * by {@code transaction_read_only}, which is what libpq's {@code read-write} asks.
     */
    private static String targetServerType(String attrs, String url) {
        return switch (attrs) {
            case "any" -> "any";
            case "read-write", "primary" -> "primary";
            case "read-only", "standby" -> "secondary";
            case "prefer-standby" -> "preferSecondary";
            default -> throw new IllegalArgumentException("target_session_attrs=" + attrs + " is not one of any, "
                    + "read-write, primary, read-only, standby, prefer-standby: " + safe(url));
        };
    }

    /** The URL as it may be shown: the user, never the password. */
    public String redacted() {
        String s = jdbcUrl;
        if (user != null) {
            s += (s.contains("?") ? "&" : "?") + "user=" + user;
        }
        return s;
    }

    /** An unparsable URL, shown with anything between {@code ://} and {@code @} masked. */
    private static String safe(String url) {
        return url.replaceAll("://[^@/]*@", "://***@").replaceAll("(?i)password=[^&]*", "password=***");
    }

    private static String libpqForm(String authority, String user, String database) {
        return "postgresql://" + (user == null ? "" : user + "@") + authority + "/" + database;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return redacted(); // a record's toString would print the password
    }
}
