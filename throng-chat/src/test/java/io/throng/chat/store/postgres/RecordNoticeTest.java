package io.throng.chat.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.throng.chat.store.RoomRecords.Change;
import org.junit.jupiter.api.Test;

/** The records channel's payload: what is not exactly ours is ignored, what is ours reads back whole. */
class RecordNoticeTest {
    @Test
    void somebodyElsesOrDamagedPayloadsAreNotChanges() {
        for (String p : new String[] {null, "", "x", "id reload", "id reload den extra", "id expel den bob kicked amy",
                "id expel den bob banned amy 12 more", "id expel den bob banned amy soon", "id delete den x amy",
                "id delete den 3", "id rename den", "hello world"}) {
            assertNull(RecordNotice.parse(p), p);
        }
    }

    @Test
    void everyAnnouncedChangeReadsBackAsSent() {
        for (Change c : new Change[] {new Change.Reload("den"), new Change.Reload("@bob"),
                new Change.Expelled("den", "carol", "banned", "alice", 1_764_086_400_000L),
                new Change.Expelled("den", "carol", "kicked", "alice", null), new Change.Deleted("den", 12, "alice")}) {
            RecordNotice n = new RecordNotice("node-1", c);
            assertEquals(n, RecordNotice.parse(n.payload()));
        }
    }
}
