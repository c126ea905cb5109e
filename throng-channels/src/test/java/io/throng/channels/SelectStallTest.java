package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link StressSelectTest}'s traffic repeated for a bounded time in one JVM, failing if it ever stops
 * moving. It guards against the livelock of 2026-12-07: a select that yielded while holding one
 * channel's spin lock (waiting for the next) left every carrier spinning on the held lock, and the
 * traffic stopped for good (bench/channels-stall). One run of the traffic rarely hits that; a few
 * dozen in a row did within seconds.
 *
 * <p>The traffic runs in a child JVM with two carrier threads, the shape that stalled (2 cores), so
 * the test catches it on a machine with more cores too, and so that a stalled run, whose threads spin
 * for good and ignore interrupts, cannot slow down the tests after it. A platform watchdog in the child
 * reads how many values have been delivered; if that count stops for {@link #STALL}, it writes a
 * thread dump (virtual threads included) and exits with {@link #STALLED}. A stall is progress
 * stopping, never a sleep guessing how long things take.
 */
class SelectStallTest {
    /** How long the child keeps starting new runs of the traffic. */
    static final Duration RUN = Duration.ofSeconds(10);
    /**
     * No value delivered for this long is a stall: a healthy run delivers thousands a second, and even
     * a loaded 2-core CI machine does not starve the child for seconds on end.
     */
    static final Duration STALL = Duration.ofSeconds(5);
    static final int STALLED = 2;

    @Test
    void repeatedSelectTrafficNeverStalls() throws Exception {
        Path log = Files.createTempFile("select-stall", ".txt");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx512m", "-Djdk.virtualThreadScheduler.parallelism=2",
                    "-cp", System.getProperty("java.class.path"), Child.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            // The child ends itself (done or stalled); this bound only catches a child that cannot.
            long bound = RUN.plus(STALL).plus(Duration.ofSeconds(30)).toMillis();
            if (!child.waitFor(bound, TimeUnit.MILLISECONDS)) {
                child.destroyForcibly().waitFor();
                fail("the select stress child did not end within " + bound + " ms:\n" + Files.readString(log));
            }
            int exit = child.exitValue();
            assertEquals(0, exit, () -> (exit == STALLED ? "select traffic stalled: " : "the select stress failed: ")
                    + read(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The child JVM: runs the traffic (capacities 0, 2, 32 in turn) for {@link #RUN} under a watchdog. */
    static final class Child {
        private static final int[] CAPACITIES = {0, 2, 32};
        private static volatile Ledger current;
        private static volatile int runs;

        public static void main(String[] args) throws Exception {
            Thread watchdog = Thread.ofPlatform().daemon().start(Child::watch);
            long end = System.nanoTime() + RUN.toNanos();
            int run = 0;
            while (System.nanoTime() - end < 0) {
                Ledger ledger = StressSelectTest.newLedger();
                current = ledger;
                StressSelectTest.traffic(CAPACITIES[run % CAPACITIES.length], ledger);
                ledger.assertAllDeliveredOnce();
                runs = ++run;
            }
            System.out.println(run + " runs of the select traffic, no stall");
            watchdog.interrupt();
            System.exit(0);
        }

        /** Exits with {@link #STALLED} and a thread dump once no value has been delivered for {@link #STALL}. */
        private static void watch() {
            long last = -1;
            long since = System.nanoTime();
            while (true) {
                Ledger ledger = current;
                // Runs plus values: a new run's ledger starts at zero, and that must not look like a stall.
                long progress = ((long) runs << 32) + (ledger == null ? 0 : ledger.receivedCount());
                long now = System.nanoTime();
                if (progress != last) {
                    last = progress;
                    since = now;
                } else if (now - since > STALL.toNanos()) {
                    stalled(ledger);
                }
                try {
                    Thread.sleep(100); // a polling period, not synchronisation: progress is read, never waited for
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void stalled(Ledger ledger) {
            System.out.println("no value delivered for " + STALL + " in run " + runs + " (capacity "
                    + CAPACITIES[runs % CAPACITIES.length] + ", " + (ledger == null ? 0 : ledger.receivedCount())
                    + " values delivered in it); thread dump:");
            try {
                Path dump = Files.createTempDirectory("select-stall").resolve("threads.txt");
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
                System.out.println(Files.readString(dump));
                Files.delete(dump);
                Files.delete(dump.getParent());
            } catch (Exception e) {
                System.out.println("(thread dump failed: " + e + ")");
            }
            System.out.flush();
            Runtime.getRuntime().halt(STALLED); // the stalled threads spin for good: do not wait for them
        }
    }
}
