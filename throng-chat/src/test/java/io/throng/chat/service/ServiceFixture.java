package io.throng.chat.service;

import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service on a fresh store in a temporary directory, on a clock the test moves, and the two users
 * most tests start from.
 */
abstract class ServiceFixture {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock();
    ChatStore store;
    ChatService service;
    /** The two users most tests need; set by {@link #aliceAndBobSayHello}. */
    TestClient alice;
    TestClient bob;

    /** Generous rate limits unless a test is about them. */
    ChatConfig config() {
        return ChatConfig.defaults().withRate(1e6, 1_000_000);
    }

    ChatService start() throws Exception {
        return start(config());
    }

    ChatService start(ChatConfig config) throws Exception {
        // NORMAL keeps the suite fast; the crash test covers FULL, the default.
        store = ChatStore.open(dir.resolve("chat.db"), Durability.NORMAL, 2);
        service = new ChatService(store, config, clock);
        return service;
    }

    /** alice and bob connect and say hello, alice first. */
    void aliceAndBobSayHello() throws InterruptedException {
        alice = new TestClient(service);
        bob = new TestClient(service);
        alice.hello("alice");
        bob.hello("bob");
    }

    /** alice and bob say hello, then join {@code room}, alice first each time. */
    void aliceAndBobJoin(String room) throws InterruptedException {
        aliceAndBobSayHello();
        alice.join(room);
        bob.join(room);
    }

    /** Stops the service and reopens the store, as a restart of the server would. */
    ChatService restart() throws Exception {
        ChatConfig c = service.config();
        service.close();
        store.close();
        return start(c);
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
