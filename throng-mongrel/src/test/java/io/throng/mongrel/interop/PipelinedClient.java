package io.throng.mongrel.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive connection that pipelines {@code n} GETs and counts the 200 responses it reads back,
 * framing each by its Content-Length. Writing and reading run on two threads, as a real pipelining
 * client must, or both sides would fill their buffers and wait for each other.
 */
final class PipelinedClient {

    private PipelinedClient() {}

    /** Returns the number of complete 200 responses read before the deadline or the end of the stream. */
    static int run(int port, String path, int n, long deadlineNanos) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(1000);
            byte[] one = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    byte[] batch = new byte[one.length * 100];
                    for (int i = 0; i < 100; i++) {
                        System.arraycopy(one, 0, batch, i * one.length, one.length);
                    }
                    for (int sent = 0; sent < n; sent += 100) {
                        out.write(batch, 0, Math.min(100, n - sent) * one.length);
                    }
                    out.flush();
                } catch (IOException e) {
                    // the reader reports the shortfall
                }
            });
            int count = count(s.getInputStream(), n, deadlineNanos);
            writer.join(5000);
            return count;
        }
    }

    private static int count(InputStream in, int n, long deadlineNanos) throws IOException {
        byte[] buf = new byte[1 << 16];
        int start = 0;
        int end = 0;
        int count = 0;
        while (count < n && System.nanoTime() < deadlineNanos) {
            int headEnd = indexOf(buf, start, end);
            if (headEnd >= 0) {
                String head = new String(buf, start, headEnd - start, StandardCharsets.ISO_8859_1);
                int length = contentLength(head);
                if (end - (headEnd + 4) >= length) {
                    if (head.startsWith("HTTP/1.1 200 ")) {
                        count++;
                    }
                    start = headEnd + 4 + length;
                    continue;
                }
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            int r;
            try {
                r = in.read(buf, end, buf.length - end);
            } catch (java.net.SocketTimeoutException e) {
                continue;
            }
            if (r < 0) {
                break;
            }
            end += r;
        }
        return count;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        throw new IllegalStateException("response without Content-Length: " + head);
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
