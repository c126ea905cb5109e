package io.throng.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw socket to the server under test: send exact bytes, read exact bytes back. */
final class Raw implements AutoCloseable {
    final Socket socket;
    final InputStream in;

    Raw(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
    }

    Raw send(String s) throws IOException {
        socket.getOutputStream().write(s.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Everything until the server closes (or 5 s pass, which fails the read). */
    String readToClose() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until {@code marker} has been seen {@code times} times. */
    String readUntil(String marker, int times) throws IOException {
        StringBuilder sb = new StringBuilder();
        int seen = 0;
        int from = 0;
        while (seen < times) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after: " + sb);
            }
            sb.append((char) c);
            int at = sb.indexOf(marker, from);
            if (at >= 0) {
                seen++;
                from = at + marker.length();
            }
        }
        return sb.toString();
    }

    /** One response with a Content-Length body. */
    String readResponse() throws IOException {
        String head = readUntil("\r\n\r\n", 1);
        int i = head.toLowerCase().indexOf("content-length: ");
        int len = 0;
        if (i >= 0) {
            len = Integer.parseInt(head.substring(i + 16, head.indexOf("\r\n", i)).trim());
        }
        return head + new String(in.readNBytes(len), StandardCharsets.ISO_8859_1);
    }

    /** True if the server closed the connection (read returns -1) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
