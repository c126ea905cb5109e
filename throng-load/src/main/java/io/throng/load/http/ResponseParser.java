package io.throng.load.http;

import java.nio.ByteBuffer;

/**
 * An incremental HTTP/1.1 response parser that skips bodies: it finds where each response ends (Content-Length,
 * chunked, or end of stream) and reports its status, and keeps nothing but the current line between reads.
 *
 * <p>Only what framing needs is understood: the status line, {@code Content-Length}, {@code Transfer-Encoding}
 * and {@code Connection}. Interim 1xx responses are skipped. Anything malformed throws {@link ProtocolException}
 * and the caller drops the connection.
 */
final class ResponseParser {
    /** Receives each complete response. */
    interface Listener {
        void response(int status, boolean close);
    }

    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_LINE = 8192;

    private enum State { STATUS, HEADER, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, UNTIL_CLOSE }

    private final boolean bodyless;
    private byte[] line = new byte[128]; // grows to MAX_LINE: idle connections stay small
    private int lineLength;
    private State state = State.STATUS;
    private int status;
    private long contentLength;
    private boolean chunked;
    private boolean close;
    private long remaining;

    /** {@code bodyless}: the requests are HEAD, so responses have no body whatever their headers say. */
    ResponseParser(boolean bodyless) {
        this.bodyless = bodyless;
    }

    /** Consumes all of {@code in}, reporting every response that completes in it. */
    void feed(ByteBuffer in, Listener listener) throws ProtocolException {
        while (in.hasRemaining()) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining == 0) {
                        if (state == State.BODY) {
                            complete(listener);
                        } else {
                            state = State.CHUNK_END;
                        }
                    }
                }
                case UNTIL_CLOSE -> in.position(in.limit());
                default -> {
                    if (readLine(in)) {
                        line(listener);
                        lineLength = 0;
                    }
                }
            }
        }
    }

    /** The stream ended; completes a response delimited by the close, or reports a truncated one. */
    void end(Listener listener) throws ProtocolException {
        if (state == State.UNTIL_CLOSE) {
            complete(listener);
        } else if (state != State.STATUS || lineLength > 0) {
            throw new ProtocolException("connection closed inside a response");
        }
    }

    /** True when no response is partly read. */
    boolean idle() {
        return state == State.STATUS && lineLength == 0;
    }

    private boolean readLine(ByteBuffer in) throws ProtocolException {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == line.length) {
                if (lineLength == MAX_LINE) {
                    throw new ProtocolException("line longer than " + MAX_LINE + " bytes");
                }
                line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private void line(Listener listener) throws ProtocolException {
        switch (state) {
            case STATUS -> statusLine();
            case HEADER -> {
                if (lineLength == 0) {
                    endOfHeaders(listener);
                } else {
                    header();
                }
            }
            case CHUNK_SIZE -> {
                remaining = chunkSize();
                state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
            }
            case CHUNK_END -> {
                if (lineLength != 0) {
                    throw new ProtocolException("chunk data longer than its size");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILER -> {
                if (lineLength == 0) {
                    complete(listener);
                }
            }
            default -> throw new AssertionError(state);
        }
    }

    private void statusLine() throws ProtocolException {
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (lineLength < 12 || !startsWith("HTTP/1.") || line[8] != ' ' || (lineLength > 12 && line[12] != ' ')) {
            throw new ProtocolException("bad status line");
        }
        int s = 0;
        for (int i = 9; i < 12; i++) {
            int d = line[i] - '0';
            if (d < 0 || d > 9) {
                throw new ProtocolException("bad status code");
            }
            s = s * 10 + d;
        }
        status = s;
        contentLength = -1;
        chunked = false;
        close = line[7] == '0'; // HTTP/1.0 closes unless it says keep-alive
        state = State.HEADER;
    }

    private void header() throws ProtocolException {
        if (startsWith("content-length:")) {
            long v = 0;
            boolean digits = false;
            for (int i = 15; i < lineLength; i++) {
                byte b = line[i];
                if (b >= '0' && b <= '9') {
                    v = v * 10 + (b - '0');
                    digits = true;
                    if (v > (1L << 40)) {
                        throw new ProtocolException("Content-Length too large");
                    }
                } else if (b != ' ' && b != '\t') {
                    throw new ProtocolException("bad Content-Length");
                }
            }
            if (!digits || (contentLength >= 0 && contentLength != v)) {
                throw new ProtocolException("bad Content-Length");
            }
            contentLength = v;
        } else if (startsWith("transfer-encoding:")) {
            chunked = contains("chunked", 18);
        } else if (startsWith("connection:")) {
            if (contains("close", 11)) {
                close = true;
            } else if (contains("keep-alive", 11)) {
                close = false;
            }
        }
    }

    private void endOfHeaders(Listener listener) {
        if (status < 200) { // interim response: the real one follows
            state = State.STATUS;
            return;
        }
        if (bodyless || status == 204 || status == 304) {
            complete(listener);
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            if (remaining == 0) {
                complete(listener);
            } else {
                state = State.BODY;
            }
        } else {
            close = true;
            state = State.UNTIL_CLOSE;
        }
    }

    private long chunkSize() throws ProtocolException {
        long v = 0;
        int i = 0;
        for (; i < lineLength; i++) {
            int d = Character.digit(line[i], 16);
            if (d < 0) {
                break;
            }
            v = v * 16 + d;
            if (v > (1L << 40)) {
                throw new ProtocolException("chunk too large");
            }
        }
        if (i == 0 || (i < lineLength && line[i] != ';' && line[i] != ' ' && line[i] != '\t')) {
            throw new ProtocolException("bad chunk size");
        }
        return v;
    }

    private void complete(Listener listener) {
        state = State.STATUS;
        lineLength = 0;
        listener.response(status, close);
    }

    private boolean startsWith(String ascii) {
        if (lineLength < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (lower(line[i]) != lower((byte) ascii.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private boolean contains(String lowerAscii, int from) {
        outer:
        for (int i = from; i + lowerAscii.length() <= lineLength; i++) {
            for (int j = 0; j < lowerAscii.length(); j++) {
                if (lower(line[i + j]) != lowerAscii.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
