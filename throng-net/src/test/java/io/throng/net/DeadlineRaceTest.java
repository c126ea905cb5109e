package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.net.Race.HeldSweeper;
import io.throng.net.Race.HeldSweeper.At;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sweeper against a worker that changes its deadline at the same moment, with the interleaving forced
 * ({@link Race}): the sweeper is held (by {@link Connection#dueHook}) right after it read a deadline that was
 * due, the worker then clears or re-arms that deadline and goes on, and only then is the sweeper let go. A
 * deadline the worker replaced before the sweeper acted must not end the connection: the answer arrives
 * whole and the connection stays up.
 */
class DeadlineRaceTest {
    /** Far more than the loopback socket buffers hold, so the worker is still writing when the sweeper acts. */
    private static final int BIG = 64 << 20;
    private static final Duration HOUR = Race.HOUR;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aWorkerThatClearedItsDeadlineAndIsWritingItsAnswerIsNotClosed(Engine engine) throws Exception {
        try (Race race = Race.start(engine, c -> {
            c.clearDeadline(); // the request was served in time
            c.write(ByteBuffer.allocate(BIG));
            return false;
        })) {
            Socket s = race.socket;
            HeldSweeper sweeper = race.holdSweeper(At.DUE);
            race.proceed();
            InputStream in = s.getInputStream();
            // The first byte of the answer: the worker is inside its write, which cannot finish while this
            // client reads no more, so the sweeper acts while the worker is still writing.
            assertTrue(in.read() >= 0, "the answer began");
            sweeper.release();
            assertEquals(BIG, 1 + drain(in), "the whole answer arrived before the close");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDeadlineReArmedBeforeTheSweeperActedIsKeptAndDoesNotTimeTheWorkerOut(Engine engine) throws Exception {
        CountDownLatch rearmed = new CountDownLatch(1);
        try (Race race = Race.start(engine, c -> {
            c.deadline(HOUR.multipliedBy(2)); // the next wait, under a fresh deadline
            rearmed.countDown();
            ByteBuffer one = ByteBuffer.allocate(1);
            if (c.read(one) < 0) {
                return false;
            }
            c.write(ascii("ok"));
            return false;
        })) {
            Socket s = race.socket;
            HeldSweeper sweeper = race.holdSweeper(At.DUE);
            race.proceed();
            assertTrue(rearmed.await(5, TimeUnit.SECONDS), "the worker re-armed its deadline");
            sweeper.release();
            s.getOutputStream().write('b');
            assertEquals("ok", readToEnd(s.getInputStream()));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aConnectionThatWentIdleUnderAFreshIdleDeadlineIsNotClosedForTheOldOne(Engine engine) throws Exception {
        try (Race race = Race.start(engine, c -> {
            c.clearDeadline();
            c.write(ascii("ok"));
            return true; // idle, under the server's idle deadline (60 s)
        })) {
            Socket s = race.socket;
            HeldSweeper sweeper = race.holdSweeper(At.DUE);
            race.proceed();
            assertEquals("ok", new String(s.getInputStream().readNBytes(2), StandardCharsets.US_ASCII));
            awaitIdle(race.connection);
            sweeper.release();
            s.getOutputStream().write('b');
            assertEquals("ok", new String(s.getInputStream().readNBytes(2), StandardCharsets.US_ASCII),
                    "the idle connection still serves");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aReadThatGotItsBytesAsTheSweeperShutTheInputMakesTheNextReadATimeoutNotAnEnd(Engine engine)
            throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch gotBytes = new CountDownLatch(1);
        CompletableFuture<Thread> worker = new CompletableFuture<>();
        try (Race race = Race.start(engine, c -> {
            worker.complete(Thread.currentThread());
            reading.countDown();
            ByteBuffer b = ByteBuffer.allocate(64);
            if (c.read(b) < 0) { // blocks under the due deadline until the test sends "x"
                return false;
            }
            gotBytes.countDown();
            c.clearDeadline(); // as HTTP does between body reads
            c.deadline(HOUR.multipliedBy(2));
            String outcome;
            try {
                outcome = c.read(b.clear()) < 0 ? "end" : "bytes";
            } catch (java.net.SocketTimeoutException e) {
                outcome = "timeout";
            }
            c.clearDeadline();
            c.write(ascii(outcome));
            return false;
        })) {
            Socket s = race.socket;
            race.proceed();
            assertTrue(reading.await(5, TimeUnit.SECONDS));
            awaitParked(worker.get(5, TimeUnit.SECONDS)); // blocked in its read: the sweeper sees READING
            HeldSweeper sweeper = race.holdSweeper(At.ACT); // took the deadline of the blocked read
            s.getOutputStream().write('x'); // the read gets its bytes after all, just before the input is shut
            assertTrue(gotBytes.await(5, TimeUnit.SECONDS), "the read returned its bytes");
            sweeper.release();
            // The input is shut for good: the next read must say why (so HTTP answers 408), not report the
            // client's end of the request, which never came.
            assertEquals("timeout", readToEnd(s.getInputStream()));
        }
    }

    /** Waits, bounded, until {@code t} is parked (a virtual thread blocked in a read); polls, orders nothing. */
    private static void awaitParked(Thread t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < end, "the worker blocked in its read: " + t.getState());
            Thread.sleep(1);
        }
    }

    /** Waits, bounded, until the worker has let the connection go idle; polls observable state, orders nothing. */
    private static void awaitIdle(Connection c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (c.state != Connection.IDLE) {
            assertTrue(System.nanoTime() < end, "the connection went idle");
            Thread.sleep(1);
        }
    }

    /** Bytes read until the end of stream; a reset also ends it (what a cut answer looks like). */
    private static long drain(InputStream in) {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
            }
        } catch (IOException reset) {
            // counted so far is what arrived
        }
        return total;
    }

    private static String readToEnd(InputStream in) {
        StringBuilder b = new StringBuilder();
        try {
            for (int ch; (ch = in.read()) >= 0; ) {
                b.append((char) ch);
            }
        } catch (IOException reset) {
            // what arrived before the reset is the answer
        }
        return b.toString();
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
