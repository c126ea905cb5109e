package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Scope: a failing task interrupts its siblings; join waits for all and rethrows the first failure
 * (later ones suppressed, interrupts of the cancelled siblings not reported as failures); close waits
 * for every task, interrupting those still running, so no task outlives the try block; tasks started
 * after cancellation do not run.
 */
class ScopeTest {

    @Test
    void joinWaitsForAllTasks() throws Exception {
        AtomicInteger done = new AtomicInteger();
        Channel<Integer> gate = Channel.unbuffered();
        try (Scope scope = new Scope()) {
            for (int i = 0; i < 100; i++) {
                scope.go(() -> {
                    gate.take();
                    done.incrementAndGet();
                });
            }
            for (int i = 0; i < 100; i++) {
                Await.send(gate, i);
            }
            scope.join();
            assertEquals(100, done.get());
            assertFalse(scope.isCancelled());
        }
    }

    @Test
    void oneFailureInterruptsSiblingsAndJoinRethrowsIt() throws Exception {
        IOException boom = new IOException("boom");
        List<Throwable> siblingsSaw = new CopyOnWriteArrayList<>();
        Channel<Integer> never = Channel.unbuffered();
        Channel<Integer> started = Channel.buffered(10);
        Scope scope = new Scope();
        Scope.FailedException failed;
        try (scope) {
            for (int i = 0; i < 10; i++) {
                scope.go(() -> {
                    try {
                        started.send(1);
                        never.receive();
                    } catch (InterruptedException e) {
                        siblingsSaw.add(e);
                        throw e;
                    }
                });
            }
            for (int i = 0; i < 10; i++) {
                Await.recv(started);
            }
            scope.go(() -> {
                throw boom;
            });
            failed = assertThrows(Scope.FailedException.class, scope::join);
        }
        assertSame(boom, failed.getCause(), "the first failure is reported");
        assertEquals(0, failed.getCause().getSuppressed().length, "sibling interrupts are not failures");
        assertEquals(10, siblingsSaw.size(), "every sibling was interrupted");
        assertTrue(scope.isCancelled());
    }

    @Test
    void laterFailuresAreSuppressedOnTheFirst() throws Exception {
        RuntimeException first = new RuntimeException("first");
        IllegalStateException second = new IllegalStateException("second");
        Channel<Integer> started = Channel.buffered(1);
        Scope scope = new Scope();
        try (scope) {
            scope.go(() -> {
                try {
                    started.send(1);
                    Channel.unbuffered().receive();
                } catch (InterruptedException e) {
                    throw second; // a sibling that fails for real while being cancelled
                }
            });
            Await.recv(started);
            scope.go(() -> {
                throw first;
            });
            Scope.FailedException e = assertThrows(Scope.FailedException.class, scope::join);
            assertSame(first, e.getCause());
            assertEquals(List.of(second), List.of(first.getSuppressed()));
        }
    }

    @Test
    void closeInterruptsAndWaitsForRunningTasks() throws Exception {
        List<Thread> threads = new ArrayList<>();
        Channel<Integer> started = Channel.buffered(50);
        AtomicInteger cleanedUp = new AtomicInteger();
        try (Scope scope = new Scope()) {
            for (int i = 0; i < 50; i++) {
                threads.add(scope.go(() -> {
                    try {
                        started.send(1);
                        Channel.unbuffered().receive();
                    } finally {
                        cleanedUp.incrementAndGet();
                    }
                }));
            }
            for (int i = 0; i < 50; i++) {
                Await.recv(started);
            }
        } // no join: close must cancel and wait
        // Every task body has finished when close returns; the threads themselves end a moment later
        // (close waits for the bodies, not for thread termination).
        assertEquals(50, cleanedUp.get(), "close returned before every task finished");
        for (Thread t : threads) {
            Await.join(t);
        }
    }

    @Test
    void closeWaitsForATaskThatFinishesNormally() throws Exception {
        // A task that ignores interrupts (it only computes) still finishes before close returns.
        AtomicInteger result = new AtomicInteger();
        Channel<Integer> started = Channel.buffered(1);
        try (Scope scope = new Scope()) {
            scope.go(() -> {
                started.send(1);
                long x = 0;
                for (int i = 0; i < 50_000_000; i++) {
                    x += i % 7;
                }
                result.set(x > 0 ? 1 : 2);
            });
            Await.recv(started);
        }
        assertEquals(1, result.get(), "close returned before the task finished");
    }

    @Test
    void tasksStartedAfterCancelDoNotRun() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        try (Scope scope = new Scope()) {
            scope.cancel();
            for (int i = 0; i < 10; i++) {
                scope.go(ran::incrementAndGet);
            }
            scope.join();
        }
        assertEquals(0, ran.get());
    }

    @Test
    void interruptedJoinCancelsTheTasks() throws Exception {
        Channel<Throwable> outcome = Channel.buffered(2);
        Scope scope = new Scope();
        Channel<Integer> started = Channel.buffered(1);
        Thread task = scope.go(() -> {
            started.send(1);
            Channel.unbuffered().receive();
        });
        Await.recv(started);
        Thread joiner = Thread.startVirtualThread(() -> {
            try {
                scope.join();
                outcome.trySend(new AssertionError("join returned"));
            } catch (Throwable e) {
                outcome.trySend(e);
            }
        });
        Await.parked(joiner);
        joiner.interrupt();
        assertInstanceOf(InterruptedException.class, Await.recv(outcome));
        Await.join(task);
        assertTrue(scope.isCancelled());
        scope.close();
    }
}
