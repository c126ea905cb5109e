package io.throng.chat.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.throng.chat.store.MessageLog.Appended;
import io.throng.chat.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A primary with a synchronous standby ({@code synchronous_standby_names}): a commit, hence an ack,
 * waits for the standby, so when the primary is lost and the standby promoted, every acknowledged
 * message is there.
 */
class PgStandbyTest {
    @Test
    void everyAcknowledgedMessageIsOnThePromotedStandby() throws Exception {
        try (PgCluster primary = PgCluster.start()) {
            PgCluster standby = primary.startSynchronousStandby();
            List<StoredMessage> acked = new ArrayList<>();
            try (PgMessageLog log = PgMessageLog.open(PgUrl.parse(primary.jdbcUrl()), 2)) {
                List<CompletableFuture<List<Appended>>> pending = new ArrayList<>();
                for (int i = 1; i <= 200; i++) {
                    pending.add(log.append(List.of(new StoredMessage("r", i, "u", "c" + i, "m" + i, i))));
                }
                for (CompletableFuture<List<Appended>> f : pending) {
                    acked.add(f.get(60, TimeUnit.SECONDS).getFirst().message());
                }

                // Without its standby the primary cannot commit: the append waits, it is not acknowledged.
                standby.stop(false);
                CompletableFuture<List<Appended>> waiting =
                        log.append(List.of(new StoredMessage("r", 201, "u", "c201", "m201", 201)));
                assertThrows(TimeoutException.class, () -> waiting.get(2, TimeUnit.SECONDS));
                standby.startAgain();
                acked.add(waiting.get(60, TimeUnit.SECONDS).getFirst().message());
            }
            primary.stop(true); // the primary's machine is gone
            standby.promote();
            try (PgMessageLog log = PgMessageLog.open(PgUrl.parse(standby.jdbcUrl()), 2)) {
                assertEquals(acked, log.after("r", 0, 1000));
                Appended next = log.append(List.of(new StoredMessage("r", 1, "u", "after", "on the new primary", 300)))
                        .get(60, TimeUnit.SECONDS).getFirst();
                assertFalse(next.duplicate());
                assertEquals(202, next.message().seq());
            }
        }
    }
}
