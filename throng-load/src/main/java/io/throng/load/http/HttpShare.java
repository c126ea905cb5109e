package io.throng.load.http;

import io.throng.load.HttpWorkload;
import io.throng.load.LoadShape;
import java.net.InetAddress;
import java.time.Duration;

/**
 * One process's share of an HTTP load, as it travels to a worker: the request and the process's part of the
 * shape, in plain numbers so the wire format needs no custom codecs.
 */
record HttpShare(HttpWorkload workload, String targetAddress, String sourceAddress, int connections, int threads,
        long durationNanos, long requests, double rate, int pipeline, long timeoutNanos) {

    static HttpShare of(HttpWorkload workload, InetAddress target, InetAddress source, LoadShape share) {
        return new HttpShare(workload, target.getHostAddress(), source == null ? null : source.getHostAddress(),
                share.connections(), share.threads(), share.duration().toNanos(), share.requests(), share.rate(),
                share.pipeline(), share.timeout().toNanos());
    }

    LoadShape shape() {
        return new LoadShape(connections, threads, Duration.ofNanos(durationNanos), requests, rate, pipeline,
                Duration.ofNanos(timeoutNanos), 1);
    }

    HttpEngine engine() throws java.io.IOException {
        return new HttpEngine(workload, shape(), InetAddress.getByName(targetAddress),
                sourceAddress == null ? null : InetAddress.getByName(sourceAddress));
    }
}
