package io.throng.net;

import java.time.Duration;
import java.util.List;

/** The master for {@link PreforkTest}: {@code port workers}. */
public final class PreforkMasterMain {
    public static void main(String[] args) throws Exception {
        List<String> worker = Prefork.sameJvm(PreforkWorkerMain.class.getName(), List.of(args[0]));
        System.exit(Prefork.run(worker, Integer.parseInt(args[1]), Duration.ofSeconds(5), System.err));
    }

    private PreforkMasterMain() {}
}
