package io.throng.http.client;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * nginx (the Debian package's /usr/sbin/nginx) as a child process with a generated configuration in
 * a temporary directory: plain HTTP on one loopback port, and HTTPS on one port per test
 * certificate (good, expired, wrong host, untrusted). Every server has the same locations: static
 * files with gzip, and redirects of each kind. Workers run as the test's user (as root, nginx would
 * otherwise switch them to nobody, who cannot read the temporary directory).
 */
final class NginxPeer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/nginx");
    static final String BIG = "All work and no play makes Jack a dull boy.\n".repeat(5000);
    final int http;
    final int https;
    final int expired;
    final int wrongHost;
    final int untrusted;
    private final Process process;

    private NginxPeer(Path dir, TestPki pki) throws Exception {
        http = Peers.freePort();
        https = Peers.freePort();
        expired = Peers.freePort();
        wrongHost = Peers.freePort();
        untrusted = Peers.freePort();
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("hello.txt"), "hello from nginx\n");
        Files.writeString(www.resolve("big.txt"), BIG);
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("locations.conf"), """
                root %1$s/www;
                location = /redirect { return 302 /hello.txt; }
                location = /moved { return 301 /hello.txt; }
                location = /see-other { return 303 /hello.txt; }
                location = /temporary { return 307 /method; }
                location = /permanent { return 308 /method; }
                location = /loop { return 302 /loop; }
                location = /to-http { return 302 http://127.0.0.1:%2$d/method; }
                location = /method { return 200 "$request_method $http_content_length $http_transfer_encoding $http_authorization\\n"; }
                """.formatted(dir, http));
        StringBuilder servers = new StringBuilder("""
                server { listen 127.0.0.1:%d; include %s/locations.conf; }
                """.formatted(http, dir));
        tls(servers, dir, https, pki.pair("good"));
        tls(servers, dir, expired, pki.pair("expired"));
        tls(servers, dir, wrongHost, pki.pair("wrong-host"));
        tls(servers, dir, untrusted, pki.pair("untrusted"));
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                user %3$s;
                worker_processes 1;
                error_log %1$s/error.log warn;
                pid %1$s/nginx.pid;
                events { worker_connections 512; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/tmp/body;
                  proxy_temp_path %1$s/tmp/proxy;
                  fastcgi_temp_path %1$s/tmp/fastcgi;
                  uwsgi_temp_path %1$s/tmp/uwsgi;
                  scgi_temp_path %1$s/tmp/scgi;
                  default_type text/plain;
                  keepalive_requests 100000;
                  gzip on;
                  gzip_types text/plain;
                  gzip_min_length 0;
                  %2$s
                }
                """.formatted(dir, servers, System.getProperty("user.name")));
        Path log = dir.resolve("nginx.out");
        process = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int port : new int[] {http, https, expired, wrongHost, untrusted}) {
            Peers.awaitPort(port, process, log);
        }
    }

    private static void tls(StringBuilder servers, Path dir, int port, TestPki.Pair pair) {
        servers.append("""
                server { listen 127.0.0.1:%d ssl; ssl_certificate %s; ssl_certificate_key %s;
                         ssl_protocols TLSv1.2 TLSv1.3; include %s/locations.conf; }
                """.formatted(port, pair.cert(), pair.key(), dir));
    }

    static NginxPeer start(Path dir, TestPki pki) throws Exception {
        return new NginxPeer(dir, pki);
    }

    String http(String path) {
        return "http://127.0.0.1:" + http + path;
    }

    String https(String path) {
        return "https://localhost:" + https + path;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
