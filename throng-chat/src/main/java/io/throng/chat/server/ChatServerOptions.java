package io.throng.chat.server;

import io.throng.chat.account.Accounts;
import io.throng.chat.account.Registration;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.store.Durability;
import io.throng.chat.store.postgres.PgUrl;
import io.throng.chat.web.ChatWeb;
import io.throng.net.tls.TlsContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a chat server process is built from, whichever its role.
 *
 * @param host       address the HTTP server binds
 * @param port       port it binds (0: any free one, as tests want)
 * @param database   the history file (SQLite), opened by the single process and the room service, unless
 *                   {@code store} names PostgreSQL
 * @param durability when a commit counts as stored; {@code FULL} in production
 * @param chat       limits and windows of the service (a worker sizes its outboxes from it)
 * @param web        the HTTP transports' options
 * @param grace      how long requests may finish on shutdown
 * @param tls        the certificate setup to serve HTTPS and WSS with, or null for plain HTTP
 * @param accounts   registration, Argon2 parameters, login lifetime
 * @param insecureNicknames whether protocol version 1 (anyone may claim any nickname) is served too;
 *                   only on a loopback address
 * @param store      null: the SQLite file {@code database} holds everything (the embedded default); else a
 *                   PostgreSQL URL ({@code jdbc:postgresql://...}, {@code postgresql://...} or
 *                   {@code postgres://...}) of the database that holds messages, rooms and accounts, and
 *                   {@code database} and {@code durability} are unused. It may carry a password: show
 *                   {@link #storeShown()}, never this.
 */
public record ChatServerOptions(String host, int port, Path database, Durability durability, ChatConfig chat,
                                ChatWeb.Options web, Duration grace, TlsContext tls, Accounts.Options accounts,
                                boolean insecureNicknames, String store) {
    public ChatServerOptions {
        Objects.requireNonNull(host);
        Objects.requireNonNull(database);
        Objects.requireNonNull(durability);
        Objects.requireNonNull(chat);
        Objects.requireNonNull(web);
        Objects.requireNonNull(grace);
        Objects.requireNonNull(accounts);
        if (store != null) {
            PgUrl.parse(store); // a URL that cannot be used is refused here, with a message for the operator
        }
        if (insecureNicknames && !isLoopback(host)) {
            throw new IllegalArgumentException("insecure nicknames (protocol version 1: anyone can claim any "
                    + "name) are only served on a loopback address, not on " + host);
        }
    }

    /** Plain HTTP, version 2 only; registration open on loopback, by invite elsewhere. */
    public ChatServerOptions(String host, int port, Path database, Durability durability, ChatConfig chat,
                             ChatWeb.Options web, Duration grace) {
        this(host, port, database, durability, chat, web, grace, null,
                Accounts.Options.defaults(isLoopback(host) ? Registration.OPEN : Registration.INVITE), false, null);
    }

    /** Whether the store is PostgreSQL (else the SQLite file {@link #database}). */
    public boolean postgres() {
        return store != null;
    }

    /** Where the history is, as the operator may see it: the file, or the database URL without password. */
    public String storeShown() {
        return store == null ? database.toAbsolutePath().normalize().toString() : PgUrl.parse(store).redacted();
    }

    /** Keeps everything in the PostgreSQL database at {@code url} (null: back to the SQLite file). */
    public ChatServerOptions withStore(String url) {
        return new ChatServerOptions(host, port, database, durability, chat, web, grace, tls, accounts,
                insecureNicknames, url);
    }

    /** Whether {@code host} is a loopback address (a name is resolved). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public ChatServerOptions withTls(TlsContext value) {
        return new ChatServerOptions(host, port, database, durability, chat, web, grace, value, accounts,
                insecureNicknames, store);
    }

    public ChatServerOptions withAccounts(Accounts.Options value) {
        return new ChatServerOptions(host, port, database, durability, chat, web, grace, tls, value, insecureNicknames,
                store);
    }

    /** Also serves protocol version 1 (claimed nicknames); loopback only. */
    public ChatServerOptions withInsecureNicknames(boolean value) {
        return new ChatServerOptions(host, port, database, durability, chat, web, grace, tls, accounts, value, store);
    }
}
