package io.throng.chat.server;

import io.throng.chat.account.Accounts;
import io.throng.chat.account.RevocationWatcher;
import io.throng.chat.cluster.RoomServiceHub;
import io.throng.chat.service.ChatService;
import io.throng.chat.store.MessageLog;
import io.throng.net.Prefork;
import java.time.Duration;
import java.util.List;

/**
 * The room service and pre-fork master of {@code throng chat --workers N}: it owns the store and the
 * rooms, serves them to the workers over ZeroMQ on loopback ({@link RoomServiceHub}) and runs the
 * workers ({@link Prefork}). It has no port of its own: the client connections are the workers'.
 * Made by {@link ChatServer#master}.
 */
public final class ChatMaster implements AutoCloseable {
    private final RoomServiceHub hub;
    private final Duration grace;
    private final CloseOrder closeOrder;

    ChatMaster(MessageLog store, ChatService chat, Accounts accounts, RevocationWatcher watcher, Duration grace) {
        this.grace = grace;
        this.hub = RoomServiceHub.start(chat, "127.0.0.1");
        // Rooms commit what they hold, then the hub stops, then the store commits its queue and closes.
        this.closeOrder = new CloseOrder(watcher::close, chat::close, hub::close, store::close, accounts::close);
    }

    /** Where workers reach the room service: what {@link ChatServer#worker} takes. */
    public String roomService() {
        return hub.requestEndpoint() + "," + hub.eventEndpoint();
    }

    /**
     * Runs {@code workers} copies of {@code workerCommand} until SIGTERM or SIGINT, then closes.
     *
     * @return {@link Prefork#run}'s exit code
     */
    public int runWorkers(List<String> workerCommand, int workers) throws Exception {
        int rc = Prefork.run(workerCommand, workers, grace, System.err);
        close();
        return rc;
    }

    /** Stops in the order that loses nothing; a second call does nothing. */
    @Override
    public void close() throws Exception {
        closeOrder.run();
    }
}
