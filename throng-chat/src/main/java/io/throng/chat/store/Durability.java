package io.throng.chat.store;

/** How hard a commit presses on the disk before the messages in it are acknowledged. */
public enum Durability {
    /**
     * {@code synchronous=FULL} in WAL mode: the WAL is fsynced at every commit, so an acknowledged
     * message survives kill -9, an OS crash and a power cut. The default: with group commit, one
     * fsync is shared by every message in the batch, so the cost is per batch, not per message.
     */
    FULL,
    /**
     * {@code synchronous=NORMAL} in WAL mode: the commit is in the WAL file (the OS page cache) but
     * fsynced only at checkpoints. Survives kill -9 of the server (the kernel still has the pages),
     * not an OS crash or power cut: the last commits may be lost then.
     */
    NORMAL
}
