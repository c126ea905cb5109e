/**
 * Multi-process load, for every kind: the parent ({@link io.throng.load.procs.Fleet} over
 * {@link io.throng.load.procs.WorkerProcesses}) starts worker JVMs running {@link io.throng.load.procs.WorkerMain}
 * with the same class path, gives each the kind's name and its share of the plan and its own loopback source
 * address, waits until all have connected, then starts them together. Workers speak one JSON object per line
 * through {@link io.throng.load.procs.WorkerLink}: ready, one sample per second, and at the end the engine's
 * outcome with the elapsed time. One encoding ({@link io.throng.load.procs.WorkerJson}) serves every kind: samples
 * and outcomes are records, histograms travel in HdrHistogram's compressed form, base64'd, so the parent merges
 * exact histograms. A worker whose stdin closes stops, so none outlives the parent's interest, and the parent
 * kills any that does not exit in time.
 */
package io.throng.load.procs;
