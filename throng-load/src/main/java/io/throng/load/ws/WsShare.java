package io.throng.load.ws;

import io.throng.load.LoadShape;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One process's share of a WebSocket load, as it travels to a worker: the workload and the process's part in
 * plain numbers (the wire format needs no codecs for URIs' or durations' sake).
 *
 * @param totalSenders the run's fan-out senders
 * @param senders this worker's fan-out senders (all of them in worker 0, none elsewhere)
 */
record WsShare(String url, WsWorkload.Mode mode, int size, boolean binary, int totalSenders, int senders,
        boolean deflate, long rampNanos, String targetAddress, String sourceAddress, int connections,
        long durationNanos, double rate, int pipeline, long timeoutNanos, int firstSenderId, String caFile,
        boolean insecure) {

    static WsShare of(WsWorkload w, int senders, InetAddress target, InetAddress source, LoadShape share,
            int firstSenderId) {
        return new WsShare(w.uri().toString(), w.mode(), w.size(), w.binary(), w.senders(), senders, w.deflate(),
                w.ramp().toNanos(), target.getHostAddress(), source == null ? null : source.getHostAddress(), share.connections(), share.duration().toNanos(), share.rate(),
                share.pipeline(), share.timeout().toNanos(), firstSenderId,
                w.caFile() == null ? null : w.caFile().toAbsolutePath().toString(), w.insecure());
    }

    WsWorkload workload() {
        return new WsWorkload(URI.create(url), mode, size, binary, totalSenders, deflate, Duration.ofNanos(rampNanos),
                caFile == null ? null : Path.of(caFile), insecure);
    }

    LoadShape shape() {
        return new LoadShape(connections, 1, Duration.ofNanos(durationNanos), 0, rate, pipeline,
                Duration.ofNanos(timeoutNanos), 1);
    }

    WsEngine engine() throws java.io.IOException {
        return new WsEngine(workload(), shape(), InetAddress.getByName(targetAddress),
                sourceAddress == null ? null : InetAddress.getByName(sourceAddress), senders, firstSenderId);
    }
}
