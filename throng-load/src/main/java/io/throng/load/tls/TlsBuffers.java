package io.throng.load.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;

/**
 * The working buffers of one event loop's TLS connections, shared by all of them: records are read into
 * {@link #netIn} and written from {@link #netOut} within one call on the loop's thread, so a connection keeps only
 * what is left over (a partial record in, ciphertext the socket did not take out), copied to a buffer of exactly
 * that size. An idle connection holds no buffer at all, where a buffer pair per connection would pin 2 x 16 KiB+
 * each: 700 MB for the 40,000 connections of a large run.
 */
public final class TlsBuffers {
    final ByteBuffer netIn;
    final ByteBuffer netOut;
    /** Where a record goes whose plaintext does not fit the caller's buffer. */
    final ByteBuffer app;

    /**
     * @param engine any client engine of the loop's context, for the sizes its sessions need
     * @param readSize how much ciphertext one read takes at most; at most the loop's read buffer, so that the
     *     plaintext of one read fits that buffer (plaintext is never larger than its records)
     */
    public TlsBuffers(SSLEngine engine, int readSize) {
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocateDirect(Math.max(packet, readSize));
        this.netOut = ByteBuffer.allocateDirect(Math.max(packet, 4 * packet));
        this.app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }
}
