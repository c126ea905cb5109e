package io.throng.chat.account;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls the store's revocations log for sessions revoked by other processes ({@code throng chat admin},
 * a {@code --workers} worker that served a logout) and hands them to the process that owns the chat
 * sessions, which closes their connections. A platform thread: SQLite runs in native code.
 */
public final class RevocationWatcher implements AutoCloseable {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    private RevocationWatcher(Accounts accounts, Consumer<List<String>> revoked, Duration period, long start) {
        this.thread = Thread.ofPlatform().daemon().name("chat-revocations").start(() -> {
            long position = start;
            try {
                while (!stop.await(period.toMillis(), TimeUnit.MILLISECONDS)) {
                    try {
                        Accounts.Revoked r = accounts.revokedAfter(position);
                        position = r.position();
                        if (!r.sessions().isEmpty()) {
                            revoked.accept(r.sessions());
                        }
                    } catch (SQLException busy) {
                        // the next round asks again from the same position
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Starts watching from the log's current end: what was revoked before has no live session here. */
    public static RevocationWatcher start(Accounts accounts, Consumer<List<String>> revoked, Duration period)
            throws SQLException {
        return new RevocationWatcher(accounts, revoked, period, accounts.lastRevocation());
    }

    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        thread.join();
    }
}
