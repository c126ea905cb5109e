package io.throng.load.chat;

import io.throng.chat.server.ChatServer;
import io.throng.chat.server.ChatServerOptions;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.Durability;
import io.throng.chat.web.ChatWeb;
import java.nio.file.Path;
import java.time.Duration;

/** The real {@code throng chat} server, in this JVM, with its history in a temporary directory. */
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
        ChatServerOptions options = new ChatServerOptions("127.0.0.1", 0, dir.resolve("chat.db"), Durability.NORMAL,
                config, ChatWeb.Options.defaults(), Duration.ofSeconds(2)).withInsecureNicknames(true);
        server = ChatServer.start(tls == null ? options : options.withTls(tls));
        chat = server.backend();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
