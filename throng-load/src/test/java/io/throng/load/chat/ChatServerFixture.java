package io.throng.load.chat;

import io.throng.chat.account.Accounts;
import io.throng.chat.account.PasswordHasher;
import io.throng.chat.server.ChatServer;
import io.throng.chat.server.ChatServerOptions;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.Durability;
import io.throng.chat.web.ChatWeb;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real {@code throng chat} server, in this JVM, with its history in a temporary directory: version 1 (claimed
 * nicknames, {@code --insecure-nicknames}) unless made {@link #withAccounts}.
 */
final class ChatServerFixture implements AutoCloseable {
    final ChatServer<ChatService> server;
    final ChatService chat;

    ChatServerFixture(Path dir) throws Exception {
        this(dir, ChatConfig.defaults());
    }

    ChatServerFixture(Path dir, ChatConfig config) throws Exception {
        this(dir, config, null);
    }

    /** Over TLS (https:// and wss://) with {@code tls}, or plain when it is null. */
    ChatServerFixture(Path dir, ChatConfig config, io.throng.net.tls.TlsContext tls) throws Exception {
        this(options(dir, config).withInsecureNicknames(true), tls);
    }

    private ChatServerFixture(ChatServerOptions options, io.throng.net.tls.TlsContext tls) throws Exception {
        server = ChatServer.start(tls == null ? options : options.withTls(tls));
        chat = server.backend();
    }

    /**
     * Accounts only, as {@code throng chat} runs by default: a version-1 {@code hello} is refused. Cheap Argon2: the
     * tests are about tokens, not about what hashing costs (bench/chat-accounts measures that).
     */
    static ChatServerFixture withAccounts(Path dir) throws Exception {
        ChatServerOptions options = options(dir, ChatConfig.defaults());
        return new ChatServerFixture(options.withAccounts(options.accounts().withHasher(new PasswordHasher(64, 1, 1))),
                null);
    }

    private static ChatServerOptions options(Path dir, ChatConfig config) {
        return new ChatServerOptions("127.0.0.1", 0, dir.resolve("chat.db"), Durability.NORMAL, config,
                ChatWeb.Options.defaults(), Duration.ofSeconds(2));
    }

    Accounts accounts() {
        return server.accounts();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
