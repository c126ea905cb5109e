/**
 * Multi-process load: the parent ({@link io.throng.load.procs.Fleet}) starts worker JVMs running
 * {@link io.throng.load.procs.WorkerMain} with the same class path, gives each its share of the load and its own
 * loopback source address, waits until all have connected, then starts them together. Workers speak one JSON
 * object per line on stdout (ready, one sample per second with HdrHistogram-encoded histograms, elapsed time); a
 * worker whose stdin closes stops, so none outlives the parent's interest, and the parent kills any that does not
 * exit in time. {@link io.throng.load.procs.WorkerProcesses} is that parent side without the HTTP specifics, so the
 * chat and WebSocket fleets run their workers the same way, and {@link io.throng.load.procs.WorkerLink} is the
 * worker side.
 */
package io.throng.load.procs;
