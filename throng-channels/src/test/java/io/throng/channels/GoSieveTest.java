package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Reproduces Go's {@code test/chan/sieve.go} and {@code sieve1.go}: the concurrent prime sieve. A
 * generator sends 2, 3, 4, ... down a channel; each prime found adds a filter thread that passes on
 * only the numbers it does not divide. The first 25 numbers out of the chain must be the first 25
 * primes. A longer run (the first 300 primes, so a chain of 300 filters and about 50,000 handoffs)
 * checks against trial division, once with unbuffered links and once with buffered ones. The chain is
 * endless, so it runs in a {@link Scope} whose close interrupts every stage: the sieve also checks that
 * a scope tears down hundreds of blocked threads.
 */
class GoSieveTest {

    @Test
    void firstTwentyFivePrimes() throws Exception {
        assertEquals(List.of(2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79,
                83, 89, 97), sieve(25, 0));
    }

    @Test
    void firstThreeHundredPrimesUnbuffered() throws Exception {
        assertEquals(trialDivision(300), sieve(300, 0));
    }

    @Test
    void firstThreeHundredPrimesBuffered() throws Exception {
        assertEquals(trialDivision(300), sieve(300, 16));
    }

    private static List<Integer> sieve(int count, int capacity) throws Exception {
        List<Integer> primes = new ArrayList<>();
        Scope scope = new Scope();
        try (scope) {
            Channel<Integer> numbers = Channel.buffered(capacity);
            scope.go(() -> {
                for (int i = 2; ; i++) {
                    numbers.send(i);
                }
            });
            Channel<Integer> in = numbers;
            for (int i = 0; i < count; i++) {
                int prime = Await.recv(in);
                primes.add(prime);
                Channel<Integer> from = in;
                Channel<Integer> out = Channel.buffered(capacity);
                scope.go(() -> {
                    while (true) {
                        int n = from.take();
                        if (n % prime != 0) {
                            out.send(n);
                        }
                    }
                });
                in = out;
            }
        }
        // close() returned, so every stage has ended; they ended by interrupt, which is not a failure.
        assertEquals(true, scope.isCancelled());
        return primes;
    }

    private static List<Integer> trialDivision(int count) {
        return IntStream.iterate(2, n -> n + 1)
                .filter(n -> IntStream.rangeClosed(2, (int) Math.sqrt(n)).noneMatch(d -> n % d == 0))
                .limit(count).boxed().toList();
    }
}
