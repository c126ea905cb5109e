package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.handler.HandlerOptions;
import io.throng.mongrel.handler.Handlers;
import io.throng.mongrel.handler.RunningHandler;
import io.throng.mongrel.handler.Transport;
import io.throng.mongrel.wire.HttpResponse;
import io.throng.mongrel.wire.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A body over limits.content_length goes through Mongrel2's temp-file upload: two messages, then the file. */
class UploadBehindMongrel2Test {

    @Test
    void largeBodyArrivesAsStartThenDoneWithTheFile(@TempDir Path dir) throws Exception {
        BlockingQueue<Request> seen = new LinkedBlockingQueue<>();
        try (Mongrel2 m2 = Mongrel2.start(dir, List.of(new Mongrel2.Route("/", "upload-test", "json")),
                "\"limits.content_length\": 1024, \"upload.temp_store\": \"/tmp/upload.XXXXXX\"")) {
            Files.createDirectories(dir.resolve("tmp"));
            Mongrel2.Endpoints e = m2.endpoints.getFirst();
            try (RunningHandler h = Handlers.start(new Transport.ZeroMq(e.requests(), e.replies()), (req, out) -> {
                seen.add(req);
                if (req.uploadedFile().isPresent()) {
                    byte[] data = Files.readAllBytes(dir.resolve(req.uploadedFile().get().replaceFirst("^/+", "")));
                    out.reply(req, HttpResponse.ok("got " + data.length));
                }
            }, HandlerOptions.DEFAULTS)) {
                assertTrue(h.awaitReady(Duration.ofSeconds(20)));
                byte[] body = new byte[5000];
                for (int i = 0; i < body.length; i++) {
                    body[i] = (byte) (i * 7);
                }
                Path file = Files.write(dir.resolve("big.bin"), body);
                assertEquals("got 5000", Curl.run("--data-binary", "@" + file, m2.url("/upload")));

                Request start = seen.poll(10, TimeUnit.SECONDS);
                Request done = seen.poll(10, TimeUnit.SECONDS);
                assertTrue(start.isUploadStart(), start.headers().toString());
                assertEquals(0, start.bodyLength());
                assertTrue(done.uploadedFile().isPresent(), done.headers().toString());
                assertEquals(start.headers().first("x-mongrel2-upload-start"), done.uploadedFile());
                byte[] stored = Files.readAllBytes(dir.resolve(done.uploadedFile().get().replaceFirst("^/+", "")));
                assertEquals(body.length, stored.length);
                // Not compared byte for byte: Mongrel2 1.12.2 itself writes 40 wrong bytes at offset 875 of
                // this very upload (seen with curl and with Python's handler too; docs/gateway.md §1).
                assertArrayEquals(java.util.Arrays.copyOf(body, 875), java.util.Arrays.copyOf(stored, 875));
            }
        }
    }
}
