package io.throng.channels;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChannelSmokeTest {
    @Test
    void unbufferedPingPong() throws Exception {
        Channel<Integer> ping = Channel.unbuffered();
        Channel<Integer> pong = Channel.unbuffered();
        Thread t = Go.go(() -> {
            try {
                for (var x : ping) {
                    pong.send(x + 1);
                }
                pong.close();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        for (int i = 0; i < 100_000; i++) {
            ping.send(i);
            assertEquals(i + 1, pong.receive().orElseThrow());
        }
        ping.close();
        assertInstanceOf(Received.Closed.class, pong.receive());
        t.join();
    }

    @Test
    void selectTimeout() throws Exception {
        Channel<String> a = Channel.unbuffered();
        String r = Select.select(a.onReceive(s -> s), Select.onTimeout(Duration.ofMillis(20), () -> "timeout"));
        assertEquals("timeout", r);
    }
}
