package io.throng.chat.events;

/**
 * The chat's JFR events, emitted from the store, the rooms and the outboxes. Each method is the one line
 * its site adds; the JFR check is here, so with no recording on a call costs an allocation the JIT removes
 * and a flag test. The chat's Prometheus metrics stay where they were ({@code ChatStats}, the histograms of
 * {@code io.throng.chat.metrics}), so these events add no counting of their own.
 */
public final class ChatEvents {
    private ChatEvents() {}

    /** A store transaction committed {@code messages} messages in {@code nanos}. */
    public static void storeCommitted(String store, int messages, long nanos) {
        StoreCommit e = new StoreCommit();
        if (e.shouldCommit()) {
            e.store = store;
            e.batchSize = messages;
            e.took = nanos;
            e.commit();
        }
    }

    /** A room offered one message to its {@code members} here, from {@code startNanos} (System.nanoTime) on. */
    public static void fannedOut(String room, int members, long startNanos) {
        FanOut e = new FanOut();
        if (e.shouldCommit()) {
            e.room = room;
            e.members = members;
            e.took = System.nanoTime() - startNanos;
            e.commit();
        }
    }

    /** An outbox was closed with {@code slow_consumer}; {@code who} is its user's name, or null before hello. */
    public static void slowConsumerCut(String who, int queuedFrames, long queuedChars) {
        SlowConsumer e = new SlowConsumer();
        if (e.shouldCommit()) {
            e.who = who;
            e.queuedFrames = queuedFrames;
            e.queuedBytes = queuedChars;
            e.commit();
        }
    }

    @jdk.jfr.Name("throng.ChatStoreCommit")
    @jdk.jfr.Label("Chat Store Commit")
    @jdk.jfr.Category({"Throng", "Chat"})
    @jdk.jfr.StackTrace(false)
    static final class StoreCommit extends jdk.jfr.Event {
        @jdk.jfr.Label("Store")
        String store;
        @jdk.jfr.Label("Batch Size")
        @jdk.jfr.Description("Messages in the transaction")
        int batchSize;
        @jdk.jfr.Label("Took")
        @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS)
        long took;
    }

    @jdk.jfr.Name("throng.ChatFanOut")
    // One per message or request: unthrottled, a busy server records hundreds of thousands a second
    // (docs/operations.md, "Sampled events"). `--jfr-rate` sets another rate.
    @jdk.jfr.Throttle("1000/s")
    @jdk.jfr.Label("Chat Fan-out")
    @jdk.jfr.Category({"Throng", "Chat"})
    @jdk.jfr.StackTrace(false)
    static final class FanOut extends jdk.jfr.Event {
        @jdk.jfr.Label("Room")
        String room;
        @jdk.jfr.Label("Members")
        @jdk.jfr.Description("The room's members in this process (each offered the message unless detached or behind)")
        int members;
        @jdk.jfr.Label("Took")
        @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS)
        long took;
    }

    @jdk.jfr.Name("throng.ChatSlowConsumer")
    @jdk.jfr.Label("Chat Slow Consumer Cut")
    @jdk.jfr.Category({"Throng", "Chat"})
    @jdk.jfr.StackTrace(false)
    static final class SlowConsumer extends jdk.jfr.Event {
        @jdk.jfr.Label("Who")
        String who;
        @jdk.jfr.Label("Queued Frames")
        int queuedFrames;
        @jdk.jfr.Label("Queued Bytes")
        @jdk.jfr.Description("Characters of JSON queued (about bytes)")
        @jdk.jfr.DataAmount(jdk.jfr.DataAmount.BYTES)
        long queuedBytes;
    }
}
