package io.throng.http;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.throng.websocket.ServerHandshake;
import io.throng.websocket.WebSocket;
import io.throng.websocket.WebSocketConfig;
import io.throng.websocket.WebSocketListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On the epoll engine an idle WebSocket holds no thread: neither the HTTP request's thread that upgraded it
 * nor a reader. 1,000 connections from a real peer (Python's websockets, in its own process, so that every
 * thread in this JVM is the server's) go quiet, and the server's thread dump must then show no thread in a
 * WebSocket's read or the HTTP protocol; after idling, every connection still gets a push from the server and
 * has its own frame read and echoed; when the peer closes them, the server stops counting them.
 */
class IdleWebSocketTest {
    private static final int CONNECTIONS = 1000;

    private HttpServer server;
    private final List<WebSocket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger closed = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.start("127.0.0.1", 0, new Router().get("/ws", new WebSocketRoute(() -> new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                open.add(ws);
            }

            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText("echo " + text);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                closed.incrementAndGet();
            }
        })));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void idleConnectionsHoldNoThreadAndStillPushAndRead() throws Exception {
        Path script = Files.createTempFile("idle-ws", ".py");
        Files.writeString(script, """
                import asyncio, sys, websockets
                async def main():
                    url, n = sys.argv[1], int(sys.argv[2])
                    conns = []
                    for i in range(n):  # one at a time: a connect storm is not what this tests
                        conns.append(await websockets.connect(url, compression=None, ping_interval=None))
                    print("connected", flush=True)
                    loop = asyncio.get_running_loop()
                    await loop.run_in_executor(None, sys.stdin.readline)  # the server pushes, then says go
                    async def one(i, ws):
                        push = await asyncio.wait_for(ws.recv(), 30)
                        await ws.send("m%d" % i)
                        echo = await asyncio.wait_for(ws.recv(), 30)
                        return push == "push" and echo == "echo m%d" % i
                    ok = await asyncio.gather(*(one(i, ws) for i, ws in enumerate(conns)))
                    print("ok", sum(ok), flush=True)
                    await asyncio.gather(*(ws.close() for ws in conns))
                    print("closed", flush=True)
                asyncio.run(main())
                """);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(),
                "ws://127.0.0.1:" + server.port() + "/ws", Integer.toString(CONNECTIONS))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            assertEquals("connected", out.readLine());
            waitFor(() -> open.size() == CONNECTIONS, "all " + CONNECTIONS + " opened on the server");

            // Idle now: every reader has let go (a structural fact, not a timing one; the wait is for the
            // last first-stints to reach their first idle read).
            waitFor(() -> serverThreadsIn("io.throng.websocket.WebSocket.read") == 0,
                    "no thread left reading an idle WebSocket");
            assertEquals(0, serverThreadsIn("io.throng.http.HttpProtocol."), "no HTTP thread kept by an upgrade");
            assertEquals(CONNECTIONS, server.connectionCount(), "handed-off connections are still counted");

            for (WebSocket ws : open) {
                ws.sendText("push");
            }
            in.write("go\n");
            in.flush();
            assertEquals("ok " + CONNECTIONS, out.readLine(), "every connection got its push and its echo");
            assertEquals("closed", out.readLine());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            Files.delete(script);
        }
        waitFor(() -> closed.get() == CONNECTIONS, "every WebSocket closed on the server");
        waitFor(() -> server.connectionCount() == 0, "the server stopped counting them");
    }

    /**
     * A cold connection whose peer stops answering is still ended by liveness: the ping timeout closes the
     * socket, the close wakes the reader that let go, and it reports the end (1006) and uncounts the connection.
     */
    @Test
    void aColdConnectionWhosePeerFallsSilentIsEndedByLiveness() throws Exception {
        AtomicInteger code = new AtomicInteger();
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        WebSocketConfig quick = WebSocketConfig.DEFAULTS.withTimers(Duration.ofMillis(300), Duration.ZERO,
                Duration.ofSeconds(5));
        try (HttpServer pinging = HttpServer.start("127.0.0.1", 0, new Router().get("/ws",
                new WebSocketRoute(ServerHandshake.Options.DEFAULTS, quick, () -> new WebSocketListener() {
                    @Override
                    public void onClose(WebSocket ws, int c, String reason) {
                        code.set(c);
                        ended.countDown();
                    }
                })));
             Raw silent = new Raw(pinging.port())) {
            // A handshake, then nothing: the peer never reads the pings nor answers them.
            silent.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertTrue(silent.readUntil("\r\n\r\n", 1).startsWith("HTTP/1.1 101 "));
            assertTrue(ended.await(60, TimeUnit.SECONDS), "liveness ended the silent connection");
            assertEquals(1006, code.get());
            waitFor(() -> pinging.connectionCount() == 0, "the server stopped counting it");
        }
    }

    /** Threads of this JVM (virtual ones included) with a frame starting with {@code frame} on their stack. */
    private static long serverThreadsIn(String frame) {
        Path dump = Path.of(System.getProperty("java.io.tmpdir"), "idle-ws-threads-" + System.nanoTime() + ".txt");
        try { // dumpThreads refuses to overwrite: a fresh name
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            // One blank-line-separated block per thread; count the blocks with the frame.
            return List.of(Files.readString(dump).split("\n\n")).stream().filter(b -> b.contains(frame)).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(dump);
            } catch (java.io.IOException ignored) {
                // a temp file
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not within 60 s: " + what);
            Thread.sleep(50);
        }
    }
}
