package io.throng.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-message JFR event is throttled unless a recording says otherwise: a busy chat sends hundreds of
 * thousands of messages a second, and recording each one would write megabytes of them a second.
 */
class MessageEventsTest {
    private static final int MESSAGES = 200_000;

    @TempDir
    Path dir;

    @Test
    void aRecordingWithTheDefaultSettingsKeepsAboutTheThrottledRate() throws Exception {
        long started = System.nanoTime();
        long recorded = record(null);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(recorded > 0, "some messages are recorded");
        // 1,000 a second, with room for the sampler's windows at both ends: far below the 200,000 sent
        // unless the sending took minutes.
        assertTrue(recorded <= 1_000 * (seconds + 2), recorded + " events in " + seconds + " s");
    }

    @Test
    void throttleOffRecordsEveryMessage() throws Exception {
        assertEquals(MESSAGES, record("off"));
    }

    /** Sends {@link #MESSAGES} message events in a recording of that event alone; returns how many it kept. */
    private long record(String throttle) throws Exception {
        Path file = dir.resolve("messages-" + throttle + ".jfr");
        try (Recording recording = new Recording()) {
            var settings = recording.enable("throng.WebSocketMessage");
            if (throttle != null) {
                settings.with("throttle", throttle);
            }
            recording.start();
            for (int i = 0; i < MESSAGES; i++) {
                MessageEvents.sent(1, 20);
            }
            recording.stop();
            recording.dump(file);
        }
        try {
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("throng.WebSocketMessage")).count();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
