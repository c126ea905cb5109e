package io.throng.channels;

/** bench/channels-stall/run: runs StressSelectTest.mixedSelectTraffic until a run stalls 20 s, then dumps threads and exits 2. */
public class Repro {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int[] caps = {0, 2, 32};
        for (int i = 0; i < rounds; i++) {
            int cap = caps[i % 3];
            Thread runner = Thread.ofPlatform().start(() -> {
                try {
                    new StressSelectTest().mixedSelectTraffic(cap);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            runner.join(20_000);
            if (runner.isAlive()) {
                System.out.println("STALL at iteration " + i + " capacity " + cap);
                new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd", "" + ProcessHandle.current().pid(),
                        "Thread.dump_to_file", "-format=text", "/tmp/channels-stall-dump.txt").inheritIO().start().waitFor();
                System.exit(2);
            }
            if (i % 100 == 0) {
                System.out.println("iteration " + i);
            }
        }
        System.out.println("no stall in " + rounds);
    }
}
