package io.throng.load.procs;

import io.throng.load.HttpWorkload;
import io.throng.load.LoadShape;
import java.time.Duration;

/**
 * What the parent tells one worker process, as one JSON line on its stdin: the workload and the worker's share
 * of the load, in plain numbers so the wire format needs no custom codecs.
 */
record WorkerSpec(HttpWorkload workload, String targetAddress, String sourceAddress, int connections, int threads,
        long durationNanos, long requests, double rate, int pipeline, long timeoutNanos) {

    static WorkerSpec of(HttpWorkload workload, String target, String source, LoadShape share) {
        return new WorkerSpec(workload, target, source, share.connections(), share.threads(),
                share.duration().toNanos(), share.requests(), share.rate(), share.pipeline(),
                share.timeout().toNanos());
    }

    LoadShape shape() {
        return new LoadShape(connections, threads, Duration.ofNanos(durationNanos), requests, rate, pipeline,
                Duration.ofNanos(timeoutNanos), 1);
    }
}
