package io.throng.chat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.chat.account.PasswordHasher;
import io.throng.chat.server.ChatServerOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A login flood against one Argon2 slot: the logins beyond it are refused with 429 and Retry-After,
 * not queued; meanwhile the chat still answers (the hashing runs off the request threads' carriers).
 */
class HashingFloodWebTest extends WebFixture {
    @Override
    ChatServerOptions serverOptions(ChatServerOptions defaults) {
        return defaults.withInsecureNicknames(true).withAccounts(defaults.accounts()
                .withHasher(new PasswordHasher(32 * 1024, 4, 1)).withHashingSlots(1));
    }

    @Test
    void loginsBeyondTheHashingSlotsGet429WithRetryAfter() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/login")).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"flood" + i + "\",\"password\":\"guess-guess\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        // While the flood is on, the rest of the server answers.
        assertEquals(200, get("/healthz").statusCode());
        int busy = 0;
        int checked = 0;
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 429) {
                busy++;
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
                assertTrue(r.body().contains("\"busy\""), r.body());
            } else {
                assertEquals(401, r.statusCode(), r.body());
                checked++;
            }
        }
        assertTrue(busy > 0, "some logins were refused as busy");
        assertTrue(checked > 0, "some logins were checked");
    }
}
