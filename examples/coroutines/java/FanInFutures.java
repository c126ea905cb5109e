// Fan-in in futures-and-callbacks style (CompletableFuture), the JVM's Deferred: each source is read
// one future at a time; when a future completes, its callback prints the message and asks that source
// for the next one. No thread waits on any source.
// Run: java FanInFutures.java [COUNT]. Prints "NAME K" per message, then "done TOTAL".
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A source that answers "next message, please" with a future, completed later on its own executor. */
record Source(String name, int count, AtomicInteger sent, ScheduledExecutorService clock) {
    CompletableFuture<String> next() {
        int k = sent.getAndIncrement();
        if (k >= count) {
            return CompletableFuture.completedFuture(null); // null: this source is finished
        }
        // Answered asynchronously, as a network read would be.
        return CompletableFuture.supplyAsync(() -> name + " " + k,
                CompletableFuture.delayedExecutor(k % 100 == 0 ? 1 : 0, TimeUnit.MILLISECONDS, clock));
    }
}

void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    List<Source> sources = List.of("a", "b", "c").stream()
            .map(name -> new Source(name, count, new AtomicInteger(), clock)).toList();
    AtomicInteger total = new AtomicInteger();
    CompletableFuture<Void> all = CompletableFuture.allOf(
            sources.stream().map(source -> drain(source, total)).toArray(CompletableFuture[]::new));
    try {
        all.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
        IO.println("timeout");
        System.exit(1);
    }
    IO.println("done " + total.get());
    clock.shutdown();
}

// Completes when the source is finished. The loop is a chain of callbacks: each step schedules the next.
CompletableFuture<Void> drain(Source source, AtomicInteger total) {
    return source.next().thenCompose(message -> {
        if (message == null) {
            return CompletableFuture.completedFuture(null);
        }
        IO.println(message); // on the clock's thread: callbacks of the three sources never overlap
        total.incrementAndGet();
        return drain(source, total);
    });
}
