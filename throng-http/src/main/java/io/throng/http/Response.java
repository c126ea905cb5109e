package io.throng.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * The response a handler builds. By default it is buffered: status, headers and a body are kept until
 * the handler returns, so filters can still change them (gzip, CORS), and the engine then writes the
 * whole response at once, coalesced with other pipelined responses. {@link #stream()},
 * {@link #eventStream()} and {@link #upgrade} commit the head immediately instead.
 *
 * <p>Content-Length, Transfer-Encoding, Connection, Date and Server are written by the engine.
 */
public final class Response {
    private static final byte[] SERVER = Ascii.bytes("Server: throng\r\n");
    private static final byte[] CONTENT_LENGTH = Ascii.bytes("Content-Length: ");
    private static final byte[] CHUNKED = Ascii.bytes("Transfer-Encoding: chunked\r\n");
    private static final byte[] CLOSE = Ascii.bytes("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE = Ascii.bytes("Connection: keep-alive\r\n");
    private static final byte[] CONTINUE = Ascii.bytes("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON = {':', ' '};
    private static final byte[] NO_BODY = new byte[0];

    private final ConnectionBuffers buffers;
    private final RequestHead head;
    /** When the exchange began (nanoTime): the Date header's time, so that writing the head reads no clock. */
    private final long startNanos;
    private int status = 200;
    /**
     * Headers set by the handler: name, value, name, value... in {@code fields[0, 2 * fieldCount)}; made at the
     * first header. One array rather than two lists: a response is made per request.
     */
    private String[] fields;
    private int fieldCount;
    private byte[] body = NO_BODY;
    private java.nio.file.Path file;
    private long filePosition;
    private long fileLength;
    private BodyOutput stream;
    private OutputStream userStream;
    private java.util.function.UnaryOperator<OutputStream> streamWrapper;
    private boolean committed;
    private boolean upgraded;
    private boolean closeAfter;

    Response(ConnectionBuffers buffers, RequestHead head, long startNanos) {
        this.buffers = buffers;
        this.head = head;
        this.startNanos = startNanos;
    }

    public int status() {
        return status;
    }

    public Response status(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status out of range: " + code);
        }
        checkNotCommitted();
        status = code;
        return this;
    }

    /** Sets a header, replacing any with the same name. */
    public Response header(String name, String value) {
        removeHeader(name);
        return addHeader(name, value);
    }

    /** Adds a header, keeping others with the same name (Set-Cookie, Vary...). */
    public Response addHeader(String name, String value) {
        checkNotCommitted();
        HeaderSyntax.checkField(name, value);
        if (name.equalsIgnoreCase("Connection")) {
            closeAfter |= value.toLowerCase(java.util.Locale.ROOT).contains("close");
            return this;
        }
        if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Date") || name.equalsIgnoreCase("Server")) {
            return this;
        }
        append(name, value);
        return this;
    }

    private void append(String name, String value) {
        if (fields == null) {
            fields = new String[8];
        } else if (2 * fieldCount == fields.length) {
            fields = java.util.Arrays.copyOf(fields, fields.length * 2);
        }
        fields[2 * fieldCount] = name;
        fields[2 * fieldCount + 1] = value;
        fieldCount++;
    }

    /** The first value of a header set on this response, or null. */
    public String header(String name) {
        for (int i = 0; i < fieldCount; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                return fields[2 * i + 1];
            }
        }
        return null;
    }

    public Response removeHeader(String name) {
        checkNotCommitted();
        int kept = 0;
        for (int i = 0; i < fieldCount; i++) {
            if (!fields[2 * i].equalsIgnoreCase(name)) {
                fields[2 * kept] = fields[2 * i];
                fields[2 * kept + 1] = fields[2 * i + 1];
                kept++;
            }
        }
        for (int i = 2 * kept; i < 2 * fieldCount; i++) {
            fields[i] = null;
        }
        fieldCount = kept;
        return this;
    }

    public Response contentType(String type) {
        return header("Content-Type", type);
    }

    public Response cookie(Cookie cookie) {
        return addHeader("Set-Cookie", cookie.headerValue());
    }

    /** Sets the body; the response is sent when the handler returns. */
    public void send(byte[] bytes) {
        checkNotCommitted();
        body = bytes;
        file = null;
    }

    /** Sets a text body; Content-Type defaults to text/plain in UTF-8. */
    public void send(String text) {
        if (header("Content-Type") == null) {
            contentType("text/plain; charset=utf-8");
        }
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(int status, String text) {
        status(status);
        send(text);
    }

    /** Sets a JSON body written by Jackson. */
    public void json(Object value) throws IOException {
        contentType("application/json");
        send(Json.MAPPER.writeValueAsBytes(value));
    }

    public void redirect(int status, String location) {
        status(status);
        header("Location", location);
        send(NO_BODY);
    }

    /** Sends {@code length} bytes of {@code path} from {@code position} once the handler returns. */
    public void sendFile(java.nio.file.Path path, long position, long length) {
        checkNotCommitted();
        body = NO_BODY;
        file = path;
        filePosition = position;
        fileLength = length;
    }

    /** The buffered body, for filters that rewrite it; null when streaming or sending a file. */
    public byte[] bufferedBody() {
        return committed || file != null ? null : body;
    }

    /** Sends the head now and returns a stream for the body (chunked on HTTP/1.1). */
    public OutputStream stream() throws IOException {
        if (userStream != null) {
            return userStream;
        }
        checkNotCommitted();
        java.util.function.UnaryOperator<OutputStream> wrapper = streamWrapper;
        streamWrapper = null;
        OutputStream wrapped = null;
        BodyOutput raw = null;
        if (wrapper != null) {
            // The wrapper may still set headers (Content-Encoding) before the head is written, and may
            // write (a gzip header) before the body stream exists: those bytes wait in Deferred.
            Deferred deferred = new Deferred();
            wrapped = wrapper.apply(deferred);
            raw = commitStream();
            deferred.target(raw);
        } else {
            raw = commitStream();
        }
        stream = raw;
        userStream = wrapped != null ? wrapped : raw;
        return userStream;
    }

    /** Holds bytes written before the body stream exists, then forwards everything to it. */
    private static final class Deferred extends OutputStream {
        private java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream(32);
        private OutputStream target;

        void target(OutputStream t) throws IOException {
            target = t;
            pending.writeTo(t);
            pending = null;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (target == null) {
                pending.write(b, off, len);
            } else {
                target.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (target != null) {
                target.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (target != null) {
                target.close();
            }
        }
    }

    private BodyOutput commitStream() throws IOException {
        boolean chunked = head.minorVersion() == 1;
        closeAfter |= !chunked;
        writeHead(chunked ? -1 : -2, !closeAfter && head.keepAlive());
        committed = true;
        return new BodyOutput(buffers, chunked, isHead() || !bodyAllowed());
    }

    /**
     * Registers a filter for a streamed body: when the handler calls {@link #stream()}, {@code wrapper}
     * gets the raw body stream and returns the one the handler writes to (for example a compressor).
     * The wrapper runs before the head is written, so it may still set headers; returning its argument
     * leaves the body alone. Closing the wrapped stream must close its argument.
     */
    public Response wrapStream(java.util.function.UnaryOperator<OutputStream> wrapper) {
        checkNotCommitted();
        java.util.function.UnaryOperator<OutputStream> outer = streamWrapper;
        streamWrapper = outer == null ? wrapper : out -> outer.apply(wrapper.apply(out));
        return this;
    }

    /** Starts a Server-Sent Events stream and sends its head at once. */
    public EventStream eventStream() throws IOException {
        contentType("text/event-stream; charset=utf-8");
        header("Cache-Control", "no-cache");
        OutputStream out = stream();
        out.flush();
        return new EventStream(out);
    }

    /**
     * Answers {@code 101 Switching Protocols} to {@code protocol} and hands the raw connection to the
     * caller; set any extra headers (Sec-WebSocket-Accept...) before calling.
     */
    public Upgraded upgrade(String protocol) throws IOException {
        checkNotCommitted();
        status = 101;
        append("Upgrade", protocol);
        append("Connection", "Upgrade");
        writeHead(-3, true);
        return takeOver();
    }

    /**
     * Hands the raw connection to the caller without writing anything, for a relay whose backend writes
     * whole HTTP responses itself (the Mongrel2 gateway). Read the request body first: {@code leftover}
     * holds what the client sent after it. As after {@link #upgrade}, the connection is closed when the
     * handler returns, so the caller keeps its thread until it is done with the connection.
     */
    public Upgraded takeOver() throws IOException {
        checkNotCommitted();
        buffers.flush();
        committed = true;
        upgraded = true;
        ByteBuffer leftover = ByteBuffer.allocate(buffers.in.remaining());
        leftover.put(buffers.in).flip();
        return new Upgraded(buffers.conn, leftover);
    }

    public boolean committed() {
        return committed;
    }

    /** Body bytes sent or to be sent (for access logs). */
    public long bodyBytes() {
        if (stream != null) {
            return stream.bytes;
        }
        if (isHead() || !bodyAllowed()) {
            return 0;
        }
        return file != null ? fileLength : body.length;
    }

    // ---- engine side ----

    void sendContinue() throws IOException {
        if (!committed) {
            buffers.put(CONTINUE);
            buffers.flush();
        }
    }

    /** Resets an uncommitted response so that an error can replace it. */
    void resetForError() {
        if (fields != null) {
            java.util.Arrays.fill(fields, null);
        }
        fieldCount = 0;
        body = NO_BODY;
        file = null;
        status = 200;
    }

    boolean upgraded() {
        return upgraded;
    }

    /** Writes whatever the handler left buffered; returns whether the connection may be kept. */
    boolean finish(boolean keep) throws IOException {
        if (upgraded) {
            return false;
        }
        keep &= !closeAfter;
        if (stream != null) {
            if (userStream != stream) {
                userStream.close(); // ends the wrapper (a gzip trailer...) then the body; idempotent
            }
            stream.finish();
            return keep;
        }
        if (committed) {
            return keep;
        }
        committed = true;
        long length = file != null ? fileLength : body.length;
        writeHead(length, keep);
        if (isHead() || !bodyAllowed()) {
            return keep;
        }
        if (file != null) {
            sendFileBody();
        } else {
            buffers.put(body);
        }
        return keep;
    }

    private void sendFileBody() throws IOException {
        ByteBuffer b = buffers.borrow();
        try (FileChannel channel = FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
            long pos = filePosition;
            long end = filePosition + fileLength;
            while (pos < end) {
                b.clear();
                if (end - pos < b.capacity()) {
                    b.limit((int) (end - pos));
                }
                int n = channel.read(b, pos);
                if (n < 0) {
                    throw new IOException("file shrank while being sent");
                }
                pos += n;
                b.flip();
                buffers.write(b);
            }
        } finally {
            buffers.giveBack(b);
        }
    }

    /** @param length body length, -1 chunked, -2 close-delimited, -3 none (101) */
    private void writeHead(long length, boolean keep) throws IOException {
        buffers.put(Status.line(status));
        buffers.put(HttpDate.line(startNanos));
        buffers.put(SERVER);
        for (int i = 0; i < fieldCount; i++) {
            buffers.putAscii(fields[2 * i]);
            buffers.put(COLON);
            buffers.putAscii(fields[2 * i + 1]);
            buffers.put(CRLF);
        }
        if (bodyAllowed()) {
            if (length >= 0) {
                buffers.put(CONTENT_LENGTH);
                buffers.putDecimal(length);
                buffers.put(CRLF);
            } else if (length == -1) {
                buffers.put(CHUNKED);
            }
        }
        if (length != -3) {
            if (!keep) {
                buffers.put(CLOSE);
            } else if (head.minorVersion() == 0) {
                buffers.put(KEEP_ALIVE);
            }
        }
        buffers.put(CRLF);
    }

    private boolean isHead() {
        return head.method().equals("HEAD");
    }

    private boolean bodyAllowed() {
        return status >= 200 && status != 204 && status != 304;
    }

    private void checkNotCommitted() {
        if (committed) {
            throw new IllegalStateException("response already committed");
        }
    }
}
