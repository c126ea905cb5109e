package io.throng.packet.capture;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A test network's number {@code S} among 0..63, owned by this process: the first whose lock file
 * ({@code /tmp/throng-veth-N-S.lock}, {@code N} the test class's own number) this process can lock. The
 * same test class running at once in several builds (other worktrees) gets its own names and subnets.
 * The lock dies with the process, even on kill -9: whoever holds it next owns the names and first
 * removes what a killed run left behind. {@link #close} releases it; call it after the names are gone.
 * Public for throng-cli's veth tests too (through this module's test jar): one scheme, one class.
 */
public final class Slot implements AutoCloseable {
    public static final int SLOTS = 64;
    public final int number;
    private final FileChannel lockFile;

    private Slot(int number, FileChannel lockFile) {
        this.number = number;
        this.lockFile = lockFile;
    }

    public static Slot claim(int n) throws IOException {
        for (int slot = 0; slot < SLOTS; slot++) {
            FileChannel ch = FileChannel.open(Path.of("/tmp/throng-veth-" + n + "-" + slot + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (lock != null) {
                return new Slot(slot, ch);
            }
            ch.close();
        }
        throw new AssertionError("all " + SLOTS + " slots of test network " + n + " are locked by other processes");
    }

    @Override
    public void close() throws IOException {
        lockFile.close();
    }
}
