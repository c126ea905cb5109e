package io.throng.load.ws;

import io.throng.load.LoadShape;
import java.net.URI;
import java.time.Duration;

/**
 * What the parent tells one WebSocket worker process, as one JSON line: the workload and the worker's share in
 * plain numbers (the wire format needs no codecs for URIs' or durations' sake).
 *
 * @param totalSenders the run's fan-out senders
 * @param senders this worker's fan-out senders (all of them in worker 0, none elsewhere)
 */
record WsWorkerSpec(String url, WsWorkload.Mode mode, int size, boolean binary, int totalSenders, int senders,
        boolean deflate, long rampNanos, String targetAddress, String sourceAddress, int connections,
        long durationNanos, double rate, int pipeline, long timeoutNanos, int firstSenderId) {

    static WsWorkerSpec of(WsWorkload w, int senders, String target, String source, LoadShape share, int firstSenderId) {
        return new WsWorkerSpec(w.uri().toString(), w.mode(), w.size(), w.binary(), w.senders(), senders, w.deflate(),
                w.ramp().toNanos(), target, source, share.connections(), share.duration().toNanos(), share.rate(),
                share.pipeline(), share.timeout().toNanos(), firstSenderId);
    }

    WsWorkload workload() {
        return new WsWorkload(URI.create(url), mode, size, binary, totalSenders, deflate, Duration.ofNanos(rampNanos));
    }

    LoadShape shape() {
        return new LoadShape(connections, 1, Duration.ofNanos(durationNanos), 0, rate, pipeline,
                Duration.ofNanos(timeoutNanos), 1);
    }
}
