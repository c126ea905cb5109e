package io.throng.load.http;

import io.throng.load.HttpWorkload;
import io.throng.load.LoadEngine;
import io.throng.load.LoadShape;
import io.throng.load.Sample;
import io.throng.load.SourcePorts;
import io.throng.net.tls.TlsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs one process's share of an HTTP load: {@code threads} event loops, each with its own connections
 * and {@link LoopMeter}. Two steps, so that several processes can start measuring together: {@link #connect()}
 * opens every connection, then {@link #measure} runs the timed phase and hands the sink one {@link Sample} (all loops
 * merged) once a second. The first sample carries where the connections stood as measuring began
 * ({@link io.throng.load.Connects}: held, or pending or failed and still trying, since a closed-model connection
 * that is not up keeps reconnecting during the run).
 */
final class HttpEngine implements LoadEngine<Sample, Void> {
    private final LoadShape shape;
    private final List<EventLoop> loops = new ArrayList<>();
    private final List<LoopMeter> meters = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Phase phase;

    /**
     * @param workload the request to send
     * @param shape this process's share (its {@code procs} is ignored)
     * @param target the resolved, policy-checked target address
     * @param source local address to bind every connection to, or null for the system's choice
     */
    HttpEngine(HttpWorkload workload, LoadShape shape, InetAddress target, InetAddress source) throws IOException {
        this.shape = shape;
        int n = Math.min(shape.threads(), shape.connections());
        this.phase = new Phase(n);
        AtomicLong permits = new AtomicLong(shape.open() || shape.requests() == 0 ? -1 : shape.requests());
        InetSocketAddress address = new InetSocketAddress(target, workload.port());
        byte[] request = workload.requestBytes();
        SourcePorts ports = new SourcePorts();
        TlsClient tls = workload.secure() ? workload.trust().client() : null; // one context: sessions may resume
        for (int i = 0; i < n; i++) {
            LoopMeter meter = new LoopMeter();
            meters.add(meter);
            int connections = shape.connections() / n + (i < shape.connections() % n ? 1 : 0);
            long arrivals = shape.requests() == 0 ? 0 : shape.requests() / n + (i < shape.requests() % n ? 1 : 0);
            loops.add(new EventLoop(address, tls, workload.host(), source, request, workload.bodylessResponses(), connections,
                    ports, shape.pipeline(), shape.timeout().toNanos(), permits, shape.rate() / n, (double) i / n,
                    arrivals, meter, phase));
        }
    }

    @Override
    public Void outcome() {
        return null;
    }

    /** Starts the loops and waits until every connection is open or the timeout passed; returns how many are. */
    @Override
    public int connect() throws InterruptedException {
        for (int i = 0; i < loops.size(); i++) {
            Thread t = Thread.ofPlatform().name("throng-load-" + i).daemon().start(loops.get(i));
            threads.add(t);
        }
        phase.ready.await(shape.timeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        return connections();
    }

    /** Connections open right now. */
    public int connections() {
        int n = 0;
        for (LoopMeter m : meters) {
            n += m.connections();
        }
        return n;
    }

    /**
     * Runs the measured phase: until the duration passes, the request count is reached or {@link #stop()}.
     * Calls {@code sink} with one sample per loop at the end of every second (and for the last, partial second).
     *
     * @return the length of the measured phase in nanoseconds
     */
    @Override
    public long measure(Consumer<Sample> sink) throws InterruptedException {
        phase.start(shape.duration().toNanos());
        long start = phase.startNanos;
        long end = phase.endNanos;
        int second = 0;
        while (true) {
            long boundary = Math.min(end, start + TimeUnit.SECONDS.toNanos(second + 1));
            long wait = boundary - System.nanoTime();
            boolean done = wait <= 0 ? phase.done.getCount() == 0 : phase.done.await(wait, TimeUnit.NANOSECONDS);
            if (done || System.nanoTime() >= end) {
                // Loops stop measuring at the end, then close their connections (thousands may take seconds):
                // wait for that, but the last sample and the elapsed time belong to the measured phase.
                phase.done.await(shape.timeout().toNanos() + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
                long finished = phase.finishedNanos.get();
                long elapsed = Math.min(finished == 0 ? System.nanoTime() : finished, end) - start;
                emit(sink, second);
                return elapsed;
            }
            emit(sink, second++);
        }
    }

    private void emit(Consumer<Sample> sink, int second) {
        List<Sample> parts = new ArrayList<>();
        for (LoopMeter m : meters) {
            parts.add(m.sample(second));
        }
        sink.accept(Sample.merge(parts));
    }

    /** Ends the run early (e.g. on Ctrl-C); {@link #measure} returns soon after. */
    @Override
    public void stop() {
        phase.stop();
    }

    @Override
    public void close() throws InterruptedException {
        phase.stop();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
