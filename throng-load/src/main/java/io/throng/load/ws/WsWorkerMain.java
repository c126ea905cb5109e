package io.throng.load.ws;

import io.throng.load.procs.WorkerLink;
import java.net.InetAddress;

/** The main class of a {@code load ws} worker process started by {@link io.throng.load.procs.Fleet}. */
public final class WsWorkerMain {
    public static void main(String[] args) throws Exception {
        WorkerLink link = new WorkerLink();
        WsWorkerSpec spec = link.spec(WsWorkerSpec.class);
        InetAddress source = spec.sourceAddress() == null ? null : InetAddress.getByName(spec.sourceAddress());
        try (WsEngine engine = new WsEngine(spec.workload(), spec.shape(), InetAddress.getByName(spec.targetAddress()),
                source, spec.senders(), spec.firstSenderId())) {
            if (link.ready(engine.connect(), engine::stop)) {
                link.elapsed(engine.measure(link::sample));
            }
        }
        System.exit(0);
    }

    private WsWorkerMain() {}
}
