package io.throng.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.http.files.StaticFiles;
import io.throng.http.filters.AccessLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static files and the engine against real clients: curl, Python's http.client, Node's fetch. */
class RealClientsTest {
    @TempDir
    static Path tmp;
    static Path root;
    static HttpServer server;
    static final List<String> log = new CopyOnWriteArrayList<>();
    static final String TEXT = "0123456789abcdefghijklmnopqrstuvwxyz\n".repeat(100);

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectory(tmp.resolve("site"));
        Files.writeString(root.resolve("hello.txt"), TEXT);
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(Instant.parse("2024-01-02T03:04:05Z")));
        Files.createDirectory(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.writeString(root.resolve("a b.css"), "body{}");
        Files.writeString(tmp.resolve("secret.txt"), "top secret");
        Files.createSymbolicLink(root.resolve("escape.txt"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escape-dir"), tmp);
        StaticFiles files = new StaticFiles(root, "/");
        Router r = new Router().filter(new AccessLog(log::add))
                .post("/upload", (req, res) -> res.send("got " + req.bodyBytes().length + " bytes"))
                .get("/{path...}", files);
        server = HttpServer.start("127.0.0.1", 0, r);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String s = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), s);
        return s;
    }

    static String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "10"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    @Test
    void curlHttp11AndHttp10() throws Exception {
        String r = curl(url("/hello.txt"));
        assertTrue(r.startsWith("HTTP/1.1 200"), r);
        assertTrue(r.contains("Content-Type: text/plain; charset=utf-8"), r);
        assertTrue(r.endsWith(TEXT), r);
        String r10 = curl("--http1.0", url("/hello.txt"));
        assertTrue(r10.contains("Connection: close") && r10.endsWith(TEXT), r10);
    }

    @Test
    void curlKeepAliveReusesTheConnection() throws Exception {
        String r = run("curl", "-sS", "-v", "--max-time", "10", url("/hello.txt"), url("/a%20b.css"));
        assertTrue(r.contains("Re-using existing connection"), r);
        assertTrue(r.contains("body{}"), r);
    }

    @Test
    void curlChunkedUpload() throws Exception {
        Path big = tmp.resolve("upload.bin");
        Files.write(big, new byte[100_000]);
        String r = curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + big, url("/upload"));
        assertTrue(r.endsWith("got 100000 bytes"), r);
    }

    @Test
    void curlRangeRequests() throws Exception {
        String r = curl("-r", "10-19", url("/hello.txt"));
        assertTrue(r.startsWith("HTTP/1.1 206"), r);
        assertTrue(r.contains("Content-Range: bytes 10-19/" + TEXT.length()), r);
        assertTrue(r.endsWith("abcdefghij"), r);
        String suffix = curl("-r", "-5", url("/hello.txt"));
        assertTrue(suffix.endsWith("wxyz\n"), suffix);
        String bad = curl("-r", "99999-", url("/hello.txt"));
        assertTrue(bad.startsWith("HTTP/1.1 416") && bad.contains("Content-Range: bytes */"), bad);
    }

    @Test
    void severalRangesComeBackAsMultipartByterangesThatPythonParses() throws Exception {
        // Python's email package is a multipart parser written by others: it must find both parts.
        String script = """
                import email, http.client, sys
                c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
                c.request("GET", "/hello.txt", headers={"Range": "bytes=10-19, -5,0-2"})
                r = c.getresponse()
                body = r.read()
                msg = email.message_from_bytes(b"Content-Type: " + r.getheader("Content-Type").encode() + b"\\r\\n\\r\\n" + body)
                print(r.status, msg.get_content_type(), r.getheader("Content-Length") or r.getheader("Transfer-Encoding"))
                for part in msg.get_payload():
                    print(part["Content-Type"], part["Content-Range"], repr(part.get_payload()))
                """;
        String out = run("/usr/bin/python3", "-c", script, Integer.toString(server.port()));
        int n = TEXT.length();
        assertEquals("206 multipart/byteranges chunked\n"
                + "text/plain; charset=utf-8 bytes 10-19/" + n + " 'abcdefghij'\n"
                + "text/plain; charset=utf-8 bytes " + (n - 5) + "-" + (n - 1) + "/" + n + " 'wxyz\\n'\n"
                + "text/plain; charset=utf-8 bytes 0-2/" + n + " '012'\n", out);
        String viaCurl = curl("-r", "0-1,5-6", url("/hello.txt"));
        assertTrue(viaCurl.startsWith("HTTP/1.1 206") && viaCurl.contains("Content-Type: multipart/byteranges; boundary=THRONG-"),
                viaCurl);
        String boundary = header(viaCurl, "Content-Type").substring("multipart/byteranges; boundary=".length());
        assertTrue(viaCurl.endsWith("\r\n01\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Range: bytes 5-6/" + n + "\r\n\r\n56\r\n--" + boundary + "--\r\n"), viaCurl);
    }

    @Test
    void rangeSetsThatWouldAmplifyGetTheWholeFileOnce() throws Exception {
        int n = TEXT.length();
        String overlapping = curl("-r", "0-,0-,0-", url("/hello.txt")); // CVE-2011-3192's shape
        assertTrue(overlapping.startsWith("HTTP/1.1 200") && overlapping.endsWith(TEXT), overlapping.substring(0, 200));
        StringBuilder many = new StringBuilder("0-0");
        for (int i = 1; i <= ByteRangesLimit.MAX; i++) {
            many.append(',').append(2 * i).append('-').append(2 * i);
        }
        String tooMany = curl("-r", many.toString(), url("/hello.txt"));
        assertTrue(tooMany.startsWith("HTTP/1.1 200") && tooMany.endsWith(TEXT), tooMany.substring(0, 200));
        String partlyUnsatisfiable = curl("-r", "0-1," + (n + 10) + "-", url("/hello.txt"));
        assertTrue(partlyUnsatisfiable.startsWith("HTTP/1.1 206") && partlyUnsatisfiable.endsWith("01"),
                "the satisfiable range alone is sent: " + partlyUnsatisfiable);
        String noneSatisfiable = curl("-r", (n + 1) + "-," + (n + 10) + "-", url("/hello.txt"));
        assertTrue(noneSatisfiable.startsWith("HTTP/1.1 416"), noneSatisfiable);
        String malformed = curl("-H", "Range: bytes=0-1,x-2", url("/hello.txt"));
        assertTrue(malformed.startsWith("HTTP/1.1 200") && malformed.endsWith(TEXT), "a malformed set is ignored");
    }

    @Test
    void curlConditionalGet() throws Exception {
        String first = curl(url("/hello.txt"));
        String etag = header(first, "ETag");
        assertTrue(header(first, "Last-Modified").equals("Tue, 02 Jan 2024 03:04:05 GMT"), first);
        assertTrue(curl("-H", "If-None-Match: " + etag, url("/hello.txt")).startsWith("HTTP/1.1 304"));
        assertTrue(curl("-H", "If-Modified-Since: Tue, 2 Jan 2024 03:04:05 GMT", url("/hello.txt"))
                .startsWith("HTTP/1.1 304"));
        assertTrue(curl("-H", "If-None-Match: \"other\"", url("/hello.txt")).startsWith("HTTP/1.1 200"));
        String ifRange = curl("-r", "0-1", "-H", "If-Range: \"stale\"", url("/hello.txt"));
        assertTrue(ifRange.startsWith("HTTP/1.1 200"), "a stale If-Range sends the whole file");
    }

    @Test
    void noPathTraversalPlainEncodedOrThroughSymlinks() throws Exception {
        for (String path : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/docs/..%2f..%2fsecret.txt",
                "/..%5csecret.txt", "/escape.txt", "/escape-dir/secret.txt", "/hello.txt%00.png")) {
            String r = curl("--path-as-is", url(path));
            assertTrue(r.startsWith("HTTP/1.1 404") || r.startsWith("HTTP/1.1 400"), path + " -> " + r);
            assertTrue(!r.contains("top secret"), path);
        }
    }

    @Test
    void directoriesRedirectThenServeTheirIndex() throws Exception {
        String r = curl(url("/docs"));
        assertTrue(r.startsWith("HTTP/1.1 301") && header(r, "Location").equals("/docs/"), r);
        assertTrue(curl(url("/docs/")).endsWith("<h1>docs</h1>"));
        String listing = curl(url("/"));
        assertTrue(listing.contains("href=\"a%20b.css\"") && listing.contains("hello.txt"), listing);
    }

    @Test
    void pythonHttpClient() throws Exception {
        String script = """
                import http.client, sys
                c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
                for i in range(3):
                    c.request("GET", "/hello.txt")
                    r = c.getresponse()
                    body = r.read()
                    print(r.status, len(body), r.getheader("Accept-Ranges"))
                c.request("HEAD", "/hello.txt")
                r = c.getresponse()
                print(r.status, len(r.read()), r.getheader("Content-Length"))
                c.request("POST", "/upload", body=b"x" * 5000)
                r = c.getresponse()
                print(r.status, r.read().decode())
                c.close()
                """;
        String out = run("/usr/bin/python3", "-c", script, Integer.toString(server.port()));
        int n = TEXT.length();
        assertEquals("200 " + n + " bytes\n200 " + n + " bytes\n200 " + n + " bytes\n200 0 " + n + "\n200 got 5000 bytes\n",
                out);
    }

    @Test
    void nodeFetch() throws Exception {
        String script = """
                const base = process.argv[1];
                const a = await fetch(base + "/hello.txt");
                const t = await a.text();
                const b = await fetch(base + "/upload", {method: "POST", body: "y".repeat(1234)});
                const c = await fetch(base + "/missing");
                console.log(a.status, t.length, await b.text(), c.status);
                """;
        String out = run("node", "--input-type=module", "-e", script, url(""));
        // Node 18 (Debian) may add an ExperimentalWarning line about fetch; the result line is what counts.
        assertTrue(out.lines().anyMatch(l -> l.equals("200 " + TEXT.length() + " got 1234 bytes 404")), out);
    }

    @Test
    void accessLogRecordsStaticRequests() throws Exception {
        curl(url("/a%20b.css"));
        assertTrue(log.stream().anyMatch(l -> l.contains("\"GET /a%20b.css HTTP/1.1\" 200 6 \"-\" \"curl/")), log.toString());
    }

    /** The server's limit on ranges per request (ByteRanges is package-private to the files package). */
    private static final class ByteRangesLimit {
        static final int MAX = 16;
    }

    private static String header(String response, String name) throws IOException {
        for (String line : response.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return "";
    }
}
