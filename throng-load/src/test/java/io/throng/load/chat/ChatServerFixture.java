package io.throng.load.chat;

import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import io.throng.chat.web.ChatWeb;
import io.throng.http.HttpOptions;
import io.throng.http.HttpServer;
import io.throng.http.Router;
import io.throng.net.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/** The real {@code throng chat} server, in this JVM, with its history in a temporary directory. */
final class ChatServerFixture implements AutoCloseable {
    final ChatStore store;
    final ChatService chat;
    final ChatWeb web;
    final HttpServer server;

    ChatServerFixture(Path dir) throws Exception {
        this(dir, ChatConfig.defaults());
    }

    ChatServerFixture(Path dir, ChatConfig config) throws Exception {
        store = ChatStore.open(dir.resolve("chat.db"), Durability.NORMAL, 2);
        chat = new ChatService(store, config, InstantSource.system());
        chat.startSweeper(Duration.ofSeconds(1));
        web = new ChatWeb(chat, ChatWeb.Options.defaults());
        server = HttpServer.start(ServerOptions.of("127.0.0.1", 0), HttpOptions.defaults().withMaxBody(64 * 1024),
                web.routes(new Router()));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        chat.close();
        web.close();
        server.shutdown(Duration.ofSeconds(2));
        store.close();
    }
}
