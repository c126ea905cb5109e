package io.throng.load.chat;

import io.throng.load.Connects;
import java.util.List;

/**
 * What one process of a chat load reports once its run has ended: its room tallies (a room's final sequence is
 * known only to the parent, which is why rooms travel as sums) and where its users ended up.
 */
public record ChatOutcome(List<RoomTally> rooms, Connects users) {
    public ChatOutcome {
        rooms = List.copyOf(rooms);
    }
}
