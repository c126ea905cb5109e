package io.throng.chat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatStoreTest {
    @TempDir
    Path dir;

    private static StoredMessage m(String room, long seq) {
        return new StoredMessage(room, seq, "u" + (seq % 3), "c" + seq, "text " + seq, 1000 + seq);
    }

    @Test
    void appendsAreReadBackByHeadHistoryAndClientIdAcrossAReopen() throws Exception {
        Path file = dir.resolve("sub/dir/chat.db"); // the data directory is created
        try (ChatStore store = ChatStore.open(file, Durability.FULL, 2)) {
            assertEquals(0, store.head("a"));
            List<CompletableFuture<?>> pending = new ArrayList<>();
            for (long seq = 1; seq <= 10; seq++) {
                pending.add(store.append(List.of(m("a", seq))));
            }
            pending.add(store.append(List.of(m("b", 1), m("b", 2))));
            for (CompletableFuture<?> f : pending) {
                f.get();
            }
            assertTrue(store.commits() <= 11);
            assertEquals(12, store.committedMessages());
        }
        try (ChatStore store = ChatStore.open(file, Durability.FULL, 2)) {
            assertEquals(10, store.head("a"));
            assertEquals(2, store.head("b"));
            assertEquals(Optional.of(m("a", 7)), store.find("a", "u1", "c7"));
            assertEquals(Optional.empty(), store.find("a", "u2", "c7"), "the sender is part of the key");
            assertEquals(List.of(m("a", 4), m("a", 5)), store.after("a", 3, 2));
            assertEquals(List.of(m("a", 8), m("a", 9)), store.before("a", 10, 2));
            assertEquals(List.of(m("a", 9), m("a", 10)), store.before("a", Long.MAX_VALUE, 2));
            assertEquals(List.of(), store.after("a", 10, 5));
            assertEquals(List.of(m("b", 1), m("b", 2)), store.after("b", 0, 100));
        }
    }

    @Test
    void aFailedBatchStoresNothingAndTheStoreGoesOn() throws Exception {
        try (ChatStore store = ChatStore.open(dir.resolve("chat.db"), Durability.NORMAL, 1)) {
            store.append(List.of(m("a", 1))).get();
            var clash = store.append(List.of(m("a", 2), m("a", 1))); // seq 1 again: the primary key refuses
            ExecutionException e = assertThrows(ExecutionException.class, clash::get);
            assertTrue(e.getCause() instanceof java.sql.SQLException, e.toString());
            assertEquals(1, store.head("a"), "all or nothing: seq 2 was rolled back too");
            var dupCid = new StoredMessage("a", 2, "u1", "c1", "same sender and cid", 0);
            assertThrows(ExecutionException.class, () -> store.append(List.of(dupCid)).get());
            store.append(List.of(m("a", 2))).get();
            assertEquals(2, store.head("a"));
        }
    }

    @Test
    void aBadAppendFailsAloneEvenWhenItSharedATransaction() throws Exception {
        try (ChatStore store = ChatStore.open(dir.resolve("chat.db"), Durability.NORMAL, 1)) {
            store.append(List.of(m("a", 1))).get();
            // Queue many appends at once so that the bad one shares the writer's batch with good ones.
            List<CompletableFuture<?>> good = new ArrayList<>();
            CompletableFuture<?> bad = null;
            for (long i = 2; i <= 200; i++) {
                good.add(store.append(List.of(m("b", i - 1))));
                if (i == 100) {
                    bad = store.append(List.of(m("a", 1))); // a second seq 1 in room a
                }
            }
            assertThrows(ExecutionException.class, bad::get);
            for (CompletableFuture<?> f : good) {
                f.get();
            }
            assertEquals(199, store.head("b"));
            assertEquals(1, store.head("a"));
        }
    }
}
