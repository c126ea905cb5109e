package io.throng.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Pre-fork workers, as gunicorn and nginx run them: a master process starts N worker JVMs that each
 * bind the same port with {@code SO_REUSEPORT} (the kernel spreads new connections over them), restarts
 * a worker that dies, drains them all on SIGTERM/SIGINT and replaces them one at a time on SIGHUP. The
 * master never touches a client socket.
 *
 * <p>Protocol between master and worker: the worker runs the same command line without
 * {@code --workers} ({@link WorkerArgs}), with {@value #WORKER_ENV} set in its environment; it prints {@value #READY} on
 * stdout once it listens (the master forwards its other stdout lines to its own stdout; stderr is
 * inherited) and drains on SIGTERM. A worker exits
 * by itself when its master dies, so no orphan keeps the port.
 *
 * <p>Limit of SO_REUSEPORT: when a draining worker closes its listening socket, Linux resets the
 * connections still waiting in that socket's accept queue unless {@code net.ipv4.tcp_migrate_req=1}
 * (Linux 5.14+) moves them to a sibling. The window is the instant between the worker's last accept
 * and the close; set the sysctl on hosts that reload under heavy connection churn.
 */
public final class Prefork {
    public static final String WORKER_ENV = "THRONG_WORKER";
    public static final String READY = "throng-worker-ready";

    private final List<String> command;
    private final Duration grace;
    private final PrintStream log;
    private final Slot[] slots;
    private volatile boolean stopping;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object reloadLock = new Object();

    private final class Slot {
        final int index;
        volatile Process process;
        volatile CompletableFuture<Void> ready;
        volatile boolean retiring;
        volatile long lastStart;

        Slot(int index) {
            this.index = index;
        }
    }

    private Prefork(List<String> command, int workers, Duration grace, PrintStream log) {
        this.command = List.copyOf(command);
        this.grace = grace;
        this.log = log;
        this.slots = new Slot[workers];
        for (int i = 0; i < workers; i++) {
            slots[i] = new Slot(i);
        }
    }

    /** True in a worker process started by a master. */
    public static boolean isWorker() {
        return System.getenv(WORKER_ENV) != null;
    }

    /** Tells the master this worker is listening; call once the server is bound. */
    public static void announceReady() {
        System.out.println(READY + " " + ProcessHandle.current().pid());
        System.out.flush();
    }

    /** In a worker: exit when the master goes away (it cannot drain us any more). */
    public static void exitWithMaster(Runnable drain) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            drain.run();
            Runtime.getRuntime().halt(0);
        }));
    }

    /**
     * The command that starts this same JVM (binary, JVM options, class path) on {@code mainClass} with
     * {@code args}: how a master makes its workers.
     */
    public static List<String> sameJvm(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                System.getProperty("java.home") + "/bin/java"));
        boolean nativeAccess = false;
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib:jdwp")) {
                cmd.add(a);
            }
            nativeAccess |= a.startsWith("--enable-native-access");
        }
        if (!nativeAccess) { // a jar's manifest grants it to `java -jar`; a worker runs with -cp
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs a master with {@code workers} copies of {@code command} until SIGTERM or SIGINT.
     *
     * @return 0 after a clean drain, 3 if the first workers could not start (port in use...)
     */
    public static int run(List<String> command, int workers, Duration grace, PrintStream log) throws InterruptedException {
        Prefork master = new Prefork(command, workers, grace, log);
        return master.run();
    }

    private int run() throws InterruptedException {
        // Handlers first: a SIGTERM during startup must drain the workers, not kill the master alone.
        Signals.on("TERM", this::requestStop);
        Signals.on("INT", this::requestStop);
        Signals.on("HUP", () -> Thread.ofPlatform().name("throng-reload").start(this::reload));
        for (Slot s : slots) {
            start(s);
        }
        for (Slot s : slots) {
            try {
                s.ready.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.println("throng: worker " + s.index + " did not start; stopping");
                stopAll();
                return 3;
            }
        }
        log.println("throng: master " + ProcessHandle.current().pid() + " running " + slots.length + " workers");
        stopped.await();
        stopAll();
        log.println("throng: master stopped");
        return 0;
    }

    private void requestStop() {
        stopping = true;
        stopped.countDown();
    }

    private void start(Slot s) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put(WORKER_ENV, Integer.toString(s.index));
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p = pb.start();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            s.process = p;
            s.ready = ready;
            s.retiring = false;
            s.lastStart = System.nanoTime();
            Thread.ofVirtual().start(() -> forward(p, ready));
            p.onExit().thenAccept(dead -> exited(s, dead));
        } catch (IOException e) {
            log.println("throng: cannot start worker: " + e.getMessage());
        }
    }

    private void forward(Process p, CompletableFuture<Void> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(READY)) {
                    ready.complete(null);
                } else {
                    System.out.println(line); // workers' stdout (access logs...) stays stdout
                }
            }
        } catch (IOException ignored) {
            // The worker is gone; its exit is handled by onExit.
        }
        ready.completeExceptionally(new IOException("worker exited before it was ready"));
    }

    private void exited(Slot s, Process dead) {
        if (stopping || s.process != dead) {
            return; // a drain or a replacement we asked for
        }
        log.println("throng: worker " + dead.pid() + " exited with " + dead.exitValue() + "; restarting");
        // A worker that crashes at once would otherwise be restarted in a tight loop.
        long sinceStart = System.nanoTime() - s.lastStart;
        if (sinceStart < TimeUnit.SECONDS.toNanos(1)) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
        synchronized (reloadLock) {
            if (!stopping && s.process == dead) {
                start(s);
            }
        }
    }

    /** Replaces every worker, one at a time: the new one must be ready before the old one drains. */
    private void reload() {
        synchronized (reloadLock) {
            log.println("throng: reloading workers");
            for (Slot s : slots) {
                if (stopping) {
                    return;
                }
                Process old = s.process;
                start(s); // s.process now points at the new worker, so the old one's exit is not a crash
                try {
                    s.ready.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.println("throng: replacement worker failed to start; keeping the old one");
                    Process failed = s.process;
                    s.process = old;
                    failed.destroyForcibly();
                    continue;
                }
                drain(old);
            }
            log.println("throng: reload done");
        }
    }

    private void drain(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy(); // SIGTERM: the worker stops accepting and finishes in-flight work
        try {
            if (!p.waitFor(grace.toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void stopAll() {
        stopping = true;
        List<Process> all = new ArrayList<>();
        for (Slot s : slots) {
            if (s.process != null) {
                all.add(s.process);
                s.process.destroy();
            }
        }
        for (Process p : all) {
            drain(p);
        }
    }
}
