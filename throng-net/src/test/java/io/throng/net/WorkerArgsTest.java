package io.throng.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkerArgsTest {
    @Test
    void everyArgumentPassesButTheMasterOnlyOptionsAndTheirValues() {
        List<String> master = List.of("--verbose", "chat", "--workers", "4", "--port", "9000", "--room-service=x,y",
                "--allow-origin", "a", "--allow-origin=b");
        assertEquals(List.of("--verbose", "chat", "--port", "9000", "--allow-origin", "a", "--allow-origin=b",
                        "--room-service", "r,e"),
                WorkerArgs.of(master, Set.of("--workers", "--room-service"), List.of("--room-service", "r,e")));
    }

    @Test
    void extraArgumentsGoBeforeTheEndOfOptions() {
        assertEquals(List.of("serve", "--dir", "d", "--x", "--", "--workers", "2"),
                WorkerArgs.of(List.of("serve", "--workers=3", "--dir", "d", "--", "--workers", "2"),
                        Set.of("--workers"), List.of("--x")));
    }
}
