package io.throng.websocket;

import io.throng.websocket.codec.FrameEncoder;
import io.throng.websocket.codec.MessageDecoder;
import io.throng.websocket.codec.WebSocketException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A misbehaving client for hostile tests: does a correct handshake over a plain socket, then sends
 * whatever bytes the test wants, reads only when told to, or never.
 */
final class RawPeer implements AutoCloseable {
    final Socket socket;
    private final InputStream in;

    RawPeer(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        String key = Handshake.newKey();
        socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in handshake");
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101") || !head.toString().contains(Handshake.accept(key))) {
            throw new IOException("bad handshake answer: " + head);
        }
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** A masked frame, as a client must send. */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteBuffer f = FrameEncoder.frame(fin, 0, opcode, ByteBuffer.wrap(payload), true, 0x11223344);
        byte[] b = new byte[f.remaining()];
        f.get(b);
        return b;
    }

    /** Reads frames until the server's close frame; returns its code, or -1 on EOF without one. */
    int awaitCloseCode() throws IOException {
        return awaitCloseCode(in);
    }

    /** Reads frames from {@code in} until the server's close frame; its code, or -1 on EOF without one. */
    static int awaitCloseCode(InputStream in) throws IOException {
        int[] code = {-1};
        MessageDecoder d = new MessageDecoder(false, 1 << 24, null, new MessageDecoder.Listener() {
            @Override
            public void onText(String text) {}

            @Override
            public void onBinary(ByteBuffer data) {}

            @Override
            public void onPing(ByteBuffer payload) {}

            @Override
            public void onPong(ByteBuffer payload) {}

            @Override
            public void onClose(int c, String reason) {
                code[0] = c;
            }
        });
        byte[] buf = new byte[8192];
        while (code[0] < 0) {
            int n = in.read(buf);
            if (n < 0) {
                return -1;
            }
            try {
                d.decode(ByteBuffer.wrap(buf, 0, n));
            } catch (WebSocketException e) {
                throw new IOException(e);
            }
        }
        return code[0];
    }

    /** True if the server closed TCP (EOF or reset) within the socket timeout. */
    boolean awaitEof() throws IOException {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
