// Fan-in with Go's select, on Throng's channels: three producers, each on its own virtual thread and
// channel; one consumer waits on all three at once and takes whichever is ready first.
// Run: java -cp THRONG_JARS FanInSelect.java [COUNT]. Prints "NAME K" per message, then "done TOTAL";
// "timeout" (exit 1) if nothing arrives for 5 seconds.
import io.throng.channels.Case;
import io.throng.channels.Channel;
import io.throng.channels.Received;
import io.throng.channels.Scope;
import io.throng.channels.Select;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

record Got(Channel<String> from, Received<String> what) {}

void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    List<Channel<String>> open = new ArrayList<>();
    try (Scope producers = new Scope()) {
        for (String name : List.of("a", "b", "c")) {
            Channel<String> channel = Channel.buffered(16);
            open.add(channel);
            producers.go(() -> {
                for (int k = 0; k < count; k++) {
                    channel.send(name + " " + k); // blocks while the consumer is 16 behind
                }
                channel.close();
            });
        }
        int total = 0;
        while (!open.isEmpty()) {
            List<Case<Got>> cases = new ArrayList<>();
            for (Channel<String> channel : open) {
                cases.add(channel.onReceiveOrClosed(what -> new Got(channel, what)));
            }
            cases.add(Select.onTimeout(Duration.ofSeconds(5), () -> null));
            Got got = Select.select(cases); // exactly one case runs; ready ones are chosen at random
            switch (got) {
                case null -> {
                    IO.println("timeout");
                    System.exit(1);
                }
                case Got(var from, Received.Value<String>(String message)) -> {
                    IO.println(message);
                    total++;
                }
                // Closed and drained: stop waiting on it (Go sets the channel variable to nil).
                case Got(var from, Received<String> closed) -> open.remove(from);
            }
        }
        producers.join();
        IO.println("done " + total);
    }
}
