package io.throng.mongrel.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.mongrel.ports.ControlPort;
import io.throng.net.codec.TNetstring;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control-port client against a real Mongrel2. */
class ControlPortTest {

    @Test
    void uuidStatusAndAnInvalidCommand(@TempDir Path dir) throws Exception {
        try (Mongrel2 m2 = Mongrel2.start(dir, List.of(new Mongrel2.Route("/", "ctl-test", "json")));
             ControlPort control = new ControlPort(m2.controlPort, Duration.ofSeconds(10))) {
            TNetstring.Dict uuid;
            try {
                uuid = control.request("uuid", Map.of());
            } catch (IllegalStateException e) {
                throw new AssertionError(e.getMessage() + "\nmongrel2 log:\n" + m2.log()
                        + "\nerror.log:\n" + java.nio.file.Files.readString(dir.resolve("logs/error.log")), e);
            }
            TNetstring.ListOf rows = (TNetstring.ListOf) uuid.get("rows");
            assertEquals(TNetstring.Bytes.of(Mongrel2.SERVER_UUID), ((TNetstring.ListOf) rows.items().getFirst()).items().getFirst());

            TNetstring.Dict status = control.request("status", Map.of("what", TNetstring.Bytes.of("net")));
            TNetstring.ListOf headers = (TNetstring.ListOf) status.get("headers");
            assertTrue(headers.items().contains(TNetstring.Bytes.of("bytes_written")), headers.toString());

            TNetstring.Dict error = control.request("no-such-command", Map.of());
            assertTrue(error.entries().containsKey("error"), error.toString());
        }
    }
}
