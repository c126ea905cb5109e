package io.throng.http.files;

import io.throng.http.Handler;
import io.throng.http.HttpDate;
import io.throng.http.HttpException;
import io.throng.http.Request;
import io.throng.http.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * Serves files under one directory: GET and HEAD, ETag and Last-Modified with conditional requests,
 * byte ranges (206, multipart/byteranges for several, 416, If-Range), content types by extension, index.html or a listing for
 * directories.
 *
 * <p>Safety: the path is percent-decoded exactly once, and then refused if it contains a NUL, a
 * backslash or a ".." segment; the resolved file must lie under the root both lexically and after
 * resolving symbolic links ({@link Path#toRealPath}), so neither encoded dots nor a symlink can reach
 * outside the root. Hidden files (a segment starting with '.') are not served.
 */
public final class StaticFiles implements Handler {
    private final Path root;
    private final String prefix;

    /** Serves {@code root} for request paths under {@code prefix} (for example "/" or "/static/"). */
    public StaticFiles(Path root, String prefix) throws IOException {
        this.root = root.toRealPath();
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        if (!Files.isDirectory(this.root)) {
            throw new IOException("not a directory: " + root);
        }
    }

    @Override
    public void handle(Request req, Response res) throws IOException {
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            res.header("Allow", "GET, HEAD");
            res.send(405, "method not allowed\n");
            return;
        }
        String raw = req.path();
        if (!(raw + "/").startsWith(prefix)) {
            res.send(404, "not found\n");
            return;
        }
        String relative = decode(raw.length() <= prefix.length() ? "" : raw.substring(prefix.length()));
        Path file = resolve(relative);
        if (file == null) {
            res.send(404, "not found\n");
            return;
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            res.send(404, "not found\n");
            return;
        }
        if (attrs.isDirectory()) {
            if (!raw.endsWith("/")) {
                res.redirect(301, raw + "/" + (req.rawQuery() == null ? "" : "?" + req.rawQuery()));
                return;
            }
            Path index = file.resolve("index.html");
            if (Files.isRegularFile(index) && index.toRealPath().startsWith(root)) {
                file = index;
                attrs = Files.readAttributes(file, BasicFileAttributes.class);
            } else {
                listing(res, file, raw);
                return;
            }
        }
        if (!attrs.isRegularFile()) {
            res.send(404, "not found\n");
            return;
        }
        sendFile(req, res, file, attrs);
    }

    private void sendFile(Request req, Response res, Path file, BasicFileAttributes attrs) throws IOException {
        long size = attrs.size();
        long mtime = attrs.lastModifiedTime().toMillis();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtime) + "\"";
        String lastModified = HttpDate.format(mtime);
        res.header("ETag", etag);
        res.header("Last-Modified", lastModified);
        res.header("Accept-Ranges", "bytes");
        res.contentType(ContentTypes.of(file.getFileName().toString()));
        if (Conditional.notModified(req, etag, mtime)) {
            res.status(304);
            res.send(new byte[0]);
            return;
        }
        long from = 0;
        long length = size;
        String range = req.header("Range");
        if (range != null && Conditional.ifRangeMatches(req, etag, mtime)) {
            ByteRanges.Set set = ByteRanges.parse(range, size);
            if (set != null && set.unsatisfiable()) {
                res.header("Content-Range", "bytes */" + size);
                res.status(416);
                res.send(new byte[0]);
                return;
            }
            if (set != null && set.ranges().size() > 1) {
                String boundary = ByteRanges.boundary();
                String type = res.header("Content-Type");
                res.status(206);
                res.contentType("multipart/byteranges; boundary=" + boundary);
                ByteRanges.writeMultipart(res.stream(), file, size, type, set.ranges(), boundary);
                return;
            }
            if (set != null) {
                ByteRanges.Range r = set.ranges().getFirst();
                from = r.first();
                length = r.length();
                res.status(206);
                res.header("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
            }
        }
        res.sendFile(file, from, length);
    }

    private Path resolve(String relative) throws IOException {
        if (relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0) {
            return null;
        }
        for (String seg : relative.split("/")) {
            if (seg.equals("..") || (seg.startsWith(".") && !seg.equals("."))) {
                return null;
            }
        }
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            return null;
        }
        try {
            Path real = p.toRealPath();
            return real.startsWith(root) ? real : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpException(400, "malformed percent-encoding");
        }
    }

    private static void listing(Response res, Path dir, String rawPath) throws IOException {
        StringBuilder b = new StringBuilder("<!doctype html><meta charset=utf-8><title>Index of ")
                .append(escape(rawPath)).append("</title><h1>Index of ").append(escape(rawPath)).append("</h1><ul>");
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString() + (Files.isDirectory(p) ? "/" : ""))
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .forEach(n -> b.append("<li><a href=\"").append(escape(encode(n))).append("\">")
                            .append(escape(n)).append("</a></li>"));
        }
        b.append("</ul>");
        res.contentType("text/html; charset=utf-8");
        res.send(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
