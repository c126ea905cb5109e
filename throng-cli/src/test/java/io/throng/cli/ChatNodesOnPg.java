package io.throng.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.store.postgres.PgCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One real PostgreSQL and two {@code throng chat --store} nodes on it, {@link #a} on 127.0.0.2 and
 * {@link #b} on 127.0.0.3, both running before any room is made; more with {@link #node}. Closes the
 * nodes, then the database.
 */
final class ChatNodesOnPg implements AutoCloseable {
    final PgCluster pg;
    final ChatNode a;
    final ChatNode b;
    private final Path data;
    private final List<String> flags;
    private final List<ChatNode> nodes = new ArrayList<>();

    private ChatNodesOnPg(Path data, List<String> flags) throws Exception {
        assertTrue(PgCluster.available(), "PostgreSQL 15 is installed (.ci/run installs it)");
        this.data = data;
        this.flags = flags;
        this.pg = PgCluster.start();
        try {
            a = node("127.0.0.2", "a");
            b = node("127.0.0.3", "b");
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** Starts the database and nodes A and B, each with {@code flags} after {@code --store}. */
    static ChatNodesOnPg start(Path data, String... flags) throws Exception {
        return new ChatNodesOnPg(data, List.of(flags));
    }

    /** Another node on {@code host} with the same flags, data in {@code dir}; closed with the rest. */
    ChatNode node(String host, String dir) throws Exception {
        ChatNode n = new ChatNode(host, pg.jdbcUrl(), data.resolve(dir), List.of(), flags.toArray(String[]::new));
        nodes.add(n);
        return n;
    }

    /**
     * Ends every node's LISTEN session with {@code pg_terminate_backend} (notices sent until they are back
     * are lost; they reconnect by themselves); returns how many were ended.
     */
    long endListens() throws Exception {
        try (var c = pg.connect(); var s = c.createStatement(); var r = s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' "
                        + "OR query = 'SELECT 1'")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        for (ChatNode n : nodes) {
            n.close();
        }
        pg.close();
    }
}
