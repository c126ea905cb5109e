package io.throng.chat.service;

import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two chat services in one JVM, each a node with its own rooms, over one {@link SharedLog} (what
 * several nodes on one database do), on a clock only the test moves. Subclasses choose the config and
 * whether the nodes share presence.
 */
abstract class TwoNodes {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock();
    ChatStore store;
    SharedLog log;
    SharedLog.Node n1;
    SharedLog.Node n2;
    ChatService one;
    ChatService two;

    abstract ChatConfig config();

    /** Whether the nodes tell each other their presence lists. */
    boolean sharesPresence() {
        return false;
    }

    @BeforeEach
    void start() throws Exception {
        store = ChatStore.open(dir.resolve("chat.db"), Durability.NORMAL, 4);
        log = new SharedLog(store);
        log.sharesPresence = sharesPresence();
        n1 = log.node();
        n2 = log.node();
        one = new ChatService(n1, config(), clock);
        two = new ChatService(n2, config(), clock);
    }

    @AfterEach
    void stop() throws Exception {
        one.close();
        two.close();
        store.close();
    }

    static TestClient joined(ChatService service, String nick, String room) throws InterruptedException {
        TestClient c = new TestClient(service);
        c.hello(nick);
        c.join(room);
        return c;
    }
}
