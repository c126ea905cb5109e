package io.throng.mongrel.zmtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/** A ZMTP peer by hand on a plain socket: says what the test wants, byte for byte. */
final class RawPeer implements AutoCloseable {

    final Socket socket;
    final FrameReader in;
    private final OutputStream out;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        InputStream is = socket.getInputStream();
        this.in = new FrameReader(dst -> {
            int n = is.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }, Long.MAX_VALUE, 64 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Connects without saying anything; {@code receiveBuffer} 0 leaves the system's default. */
    static RawPeer connect(int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.setSoTimeout(10_000);
        s.connect(new InetSocketAddress("127.0.0.1", port));
        return new RawPeer(s);
    }

    /** Connects and completes the handshake as a {@code type} socket speaking ZMTP 3.{@code minor}. */
    static RawPeer handshake(int port, SocketType type, int minor) throws IOException {
        RawPeer p = connect(port, 0);
        p.greet(type, minor);
        p.in.greeting();
        Command ready = Command.parse(p.in.next().body());
        if (!ready.name().equals(Command.READY)) {
            throw new IOException("expected READY, got " + ready.name());
        }
        return p;
    }

    void greet(SocketType type, int minor) throws IOException {
        byte[] g = Greeting.ours();
        g[11] = (byte) minor;
        out.write(g);
        send(Command.ready(type));
    }

    void send(ByteBuffer frame) throws IOException {
        ByteBuffer b = frame.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        out.write(bytes);
        out.flush();
    }

    void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
