package io.throng.chat.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Who is present in which room on the other chat nodes sharing a store: each node tells the others
 * the whole list of users present in a room on it, and hears theirs. Nothing of it is stored; a list
 * that does not arrive is simply not heard (the sender repeats every list as a heartbeat, and the
 * hearer lets a list expire when it is not repeated). With no other node (SQLite, {@code --workers})
 * it is {@link #NONE}: nothing is sent, nothing is heard.
 */
public interface PresenceBus {
    /** Node {@code node} has exactly {@code users} present in {@code room} (a public room, never an inbox). */
    record Heard(String node, String room, List<String> users) {}

    /**
     * Tells the other nodes, in one round trip, each room's whole list of users present here (an
     * empty list: nobody any more). Blocks for the database; never call it on a room's thread.
     */
    void announce(Map<String, List<String>> lists) throws SQLException;

    /**
     * Adds a watcher of the other nodes' lists (never this node's own), each whole, in the order a
     * node sent them, on a thread of the store's (it must not block).
     */
    void watch(Consumer<Heard> watcher);

    /** Whether there may be other nodes at all; {@code false} lets the caller skip the work. */
    boolean shared();

    /** One node alone: nothing to tell, nobody to hear. */
    PresenceBus NONE = new PresenceBus() {
        @Override
        public void announce(Map<String, List<String>> lists) {}

        @Override
        public void watch(Consumer<Heard> watcher) {}

        @Override
        public boolean shared() {
            return false;
        }
    };
}
