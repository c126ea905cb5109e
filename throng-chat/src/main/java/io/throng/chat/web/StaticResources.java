package io.throng.chat.web;

import io.throng.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The web page's files, read once from the class path (no build step, nothing on disk). A strict
 * Content-Security-Policy means even a bug that put user text into HTML could not run a script.
 */
final class StaticResources {
    private record File(byte[] bytes, String type) {}

    private final Map<String, File> files = new HashMap<>();

    StaticResources(String... names) {
        for (String name : names) {
            try (InputStream in = StaticResources.class.getResourceAsStream("static/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource static/" + name);
                }
                files.put(name, new File(in.readAllBytes(), type(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void serve(String name, Response res) {
        File f = files.get(name);
        res.contentType(f.type())
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:; "
                        + "img-src 'self' data:; frame-ancestors 'none'")
                .send(f.bytes());
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }
}
