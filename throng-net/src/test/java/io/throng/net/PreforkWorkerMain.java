package io.throng.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** A worker for {@link PreforkTest}: answers each burst with its pid; "slow" takes one second. */
public final class PreforkWorkerMain {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        TcpServer server = TcpServer.start(ServerOptions.of("127.0.0.1", port).withReusePort(true), c -> {
            ByteBuffer b = ByteBuffer.allocate(64);
            if (c.read(b) < 0) {
                return false;
            }
            if (new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).startsWith("slow")) {
                System.out.println("slow-start " + ProcessHandle.current().pid());
                try {
                    Thread.sleep(1000); // the slow work itself, not synchronisation
                } catch (InterruptedException e) {
                    throw new IOException("interrupted");
                }
            }
            c.write(ByteBuffer.wrap(pid));
            return true;
        });
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown(Duration.ofSeconds(5));
            done.countDown();
        }));
        Prefork.exitWithMaster(() -> server.shutdown(Duration.ofSeconds(1)));
        Prefork.announceReady();
        done.await();
    }

    private PreforkWorkerMain() {}
}
