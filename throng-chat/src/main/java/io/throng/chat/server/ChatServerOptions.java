package io.throng.chat.server;

import io.throng.chat.service.ChatConfig;
import io.throng.chat.store.Durability;
import io.throng.chat.web.ChatWeb;
import io.throng.net.tls.TlsContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a chat server process is built from, whichever its role.
 *
 * @param host       address the HTTP server binds
 * @param port       port it binds (0: any free one, as tests want)
 * @param database   the history file (SQLite), opened by the single process and the room service
 * @param durability when a commit counts as stored; {@code FULL} in production
 * @param chat       limits and windows of the service (a worker sizes its outboxes from it)
 * @param web        the HTTP transports' options
 * @param grace      how long requests may finish on shutdown
 * @param tls        the certificate setup to serve HTTPS and WSS with, or null for plain HTTP
 */
public record ChatServerOptions(String host, int port, Path database, Durability durability, ChatConfig chat,
                                ChatWeb.Options web, Duration grace, TlsContext tls) {
    public ChatServerOptions {
        Objects.requireNonNull(host);
        Objects.requireNonNull(database);
        Objects.requireNonNull(durability);
        Objects.requireNonNull(chat);
        Objects.requireNonNull(web);
        Objects.requireNonNull(grace);
    }

    /** Plain HTTP. */
    public ChatServerOptions(String host, int port, Path database, Durability durability, ChatConfig chat,
                             ChatWeb.Options web, Duration grace) {
        this(host, port, database, durability, chat, web, grace, null);
    }

    public ChatServerOptions withTls(TlsContext value) {
        return new ChatServerOptions(host, port, database, durability, chat, web, grace, value);
    }
}
