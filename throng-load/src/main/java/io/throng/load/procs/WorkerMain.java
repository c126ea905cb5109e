package io.throng.load.procs;

import com.fasterxml.jackson.databind.JsonNode;
import io.throng.load.LoadEngine;
import io.throng.load.LoadKind;
import io.throng.load.chat.ChatLoad;
import io.throng.load.http.HttpLoad;
import io.throng.load.ws.WsLoad;

/**
 * The main class of every worker process {@link Fleet} starts, whatever the kind of load: it reads which kind and
 * its share, builds the kind's {@link LoadEngine} and speaks the protocol through {@link WorkerLink}.
 */
public final class WorkerMain {
    public static void main(String[] args) throws Exception {
        WorkerLink link = new WorkerLink();
        JsonNode spec = link.spec();
        run(link, kind(spec.get("kind").asText()), spec.get("share"));
        System.exit(0);
    }

    private static LoadKind<?, ?, ?> kind(String name) {
        return switch (name) {
            case "http" -> HttpLoad.KIND;
            case "ws" -> WsLoad.KIND;
            case "chat" -> ChatLoad.KIND;
            default -> throw new IllegalArgumentException("no such kind of load: " + name);
        };
    }

    private static <P, S, O> void run(WorkerLink link, LoadKind<P, S, O> kind, JsonNode share) throws Exception {
        try (LoadEngine<S, O> engine = kind.engine(WorkerJson.MAPPER.treeToValue(share, kind.shareType()))) {
            if (link.ready(engine.connect(), engine::stop)) {
                long elapsed = engine.measure(link::sample);
                link.finish(elapsed, engine.outcome());
            }
        }
    }

    private WorkerMain() {}
}
