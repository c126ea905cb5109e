package io.throng.chat.bench;

import io.throng.chat.account.Accounts;
import io.throng.chat.account.PasswordHasher;
import io.throng.chat.account.Registration;
import io.throng.chat.server.ChatServer;
import io.throng.chat.server.ChatServerOptions;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.store.Durability;
import io.throng.chat.web.ChatWeb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What accounts cost (bench/chat-accounts; not part of verify): one Argon2id hash with the given
 * parameters, logins per second through {@code POST /api/login} at several client concurrencies
 * (refusals counted apart), and the time from opening a WebSocket to its {@code welcome} with
 * version 1 (a claimed nickname) and version 2 (a bearer token: one store lookup more).
 * Usage: AccountsBench [M,T,P] [seconds per concurrency] [connects]
 */
public final class AccountsBench {
    public static void main(String[] args) throws Exception {
        String[] mtp = (args.length > 0 ? args[0] : "19456,2,1").split(",");
        PasswordHasher hasher = new PasswordHasher(Integer.parseInt(mtp[0]), Integer.parseInt(mtp[1]),
                Integer.parseInt(mtp[2]));
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int connects = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int cores = Runtime.getRuntime().availableProcessors();

        List<Double> hashMs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            long t0 = System.nanoTime();
            hasher.hash("correct horse battery staple");
            if (i >= 5) {
                hashMs.add((System.nanoTime() - t0) / 1e6);
            }
        }
        System.out.printf("argon2id %s: one hash %s ms (median [min-max] of 20, single thread); %d cores%n",
                hasher, summary(hashMs), cores);

        Path dir = Files.createTempDirectory("throng-accounts-bench");
        ChatServerOptions base = new ChatServerOptions("127.0.0.1", 0, dir.resolve("chat.db"), Durability.NORMAL,
                ChatConfig.defaults().withRate(1e6, 1_000_000), ChatWeb.Options.defaults(), Duration.ofSeconds(2));
        try (ChatServer<?> server = ChatServer.start(base.withInsecureNicknames(true)
                .withAccounts(Accounts.Options.defaults(Registration.OPEN).withHasher(hasher)))) {
            String url = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().build();
            for (int i = 0; i < 64; i++) {
                server.accounts().create("user" + i, "password of user" + i);
            }
            for (int concurrency : new int[] {1, cores, 4 * cores}) {
                AtomicLong ok = new AtomicLong();
                AtomicLong busy = new AtomicLong();
                AtomicLong other = new AtomicLong();
                long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                List<Thread> threads = new ArrayList<>();
                for (int c = 0; c < concurrency; c++) {
                    int n = c;
                    threads.add(Thread.ofVirtual().start(() -> {
                        int k = 0;
                        while (System.nanoTime() < end) {
                            // Each client logs in as its own users, so the per-account throttle never applies.
                            String user = "user" + ((n + k++ * concurrency) % 64);
                            try {
                                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/login"))
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + user
                                                + "\",\"password\":\"password of " + user + "\",\"bearer\":true}"))
                                        .build(), HttpResponse.BodyHandlers.ofString());
                                (r.statusCode() == 200 ? ok : r.statusCode() == 429 ? busy : other).incrementAndGet();
                            } catch (Exception e) {
                                other.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
                System.out.printf("logins: %2d clients, %d s: %.1f logins/s; %d refused busy (429), %d other%n",
                        concurrency, seconds, ok.get() / (double) seconds, busy.get(), other.get());
            }

            String token = server.accounts().login("user0", "password of user0", "bench").token();
            for (int round = 0; round < 2; round++) {
                List<Double> v1 = connectTimes(http, url, null, connects);
                List<Double> v2 = connectTimes(http, url, token, connects);
                System.out.printf("connect to welcome, round %d, %d each: v1 %s ms; v2 %s ms (median [p10-p99])%n",
                        round + 1, connects, percentiles(v1), percentiles(v2));
            }
        }
    }

    private static List<Double> connectTimes(HttpClient http, String url, String token, int n) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<Void> welcome = new CompletableFuture<>();
            long t0 = System.nanoTime();
            WebSocket.Builder b = http.newWebSocketBuilder();
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            WebSocket ws = b.buildAsync(URI.create(url.replace("http:", "ws:") + "/ws"), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    if (data.toString().contains("\"welcome\"")) {
                        welcome.complete(null);
                    } else {
                        welcome.completeExceptionally(new IllegalStateException(data.toString()));
                    }
                    w.request(1);
                    return null;
                }
            }).join();
            ws.sendText(token == null ? "{\"type\":\"hello\",\"v\":1,\"nick\":\"u" + i + "\"}"
                    : "{\"type\":\"hello\",\"v\":2}", true).join();
            welcome.join();
            ms.add((System.nanoTime() - t0) / 1e6);
            ws.abort();
        }
        return ms;
    }

    private static String summary(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return String.format("%.1f [%.1f-%.1f]", s.get(s.size() / 2), s.getFirst(), s.getLast());
    }

    private static String percentiles(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return String.format("%.2f [%.2f-%.2f]", s.get(s.size() / 2), s.get(s.size() / 10),
                s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.99) - 1)));
    }
}
