package io.throng.load.chat;

import io.throng.load.TlsTrust;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One process's share of a chat load, as it travels to a worker: the scenario in plain numbers, plus which share
 * of the users the process runs, with how many loops and from which source address.
 */
record ChatShare(String host, int port, String path, int users, int rooms, long everyNanos, long rampNanos,
        long durationNanos, long drainNanos, long timeoutNanos, int textBytes, String roomPrefix, String runTag,
        long[] stageNanos, int[] stageUsers, int procs, boolean reconnect, boolean secure, TlsTrust trust, int process,
        int threads, String targetAddress, String sourceAddress, String accounts) {

    static ChatShare of(ChatScenario s, int process, int threads, InetAddress target, InetAddress source) {
        return new ChatShare(s.host(), s.port(), s.path(), s.users(), s.rooms(), s.every().toNanos(),
                s.ramp().toNanos(), s.duration().toNanos(), s.drain().toNanos(), s.connectTimeout().toNanos(),
                s.textBytes(), s.roomPrefix(), s.runTag(),
                s.stages().stream().mapToLong(st -> st.over().toNanos()).toArray(),
                s.stages().stream().mapToInt(ChatScenario.Stage::users).toArray(), s.procs(), s.reconnect(), s.secure(),
                s.trust(), process,
                threads, target.getHostAddress(), source == null ? null : source.getHostAddress(),
                s.accounts() == null ? null : s.accounts().toString());
    }

    ChatScenario scenario() {
        return new ChatScenario(host, port, path, users, rooms, Duration.ofNanos(everyNanos),
                Duration.ofNanos(rampNanos), Duration.ofNanos(durationNanos), Duration.ofNanos(drainNanos),
                Duration.ofNanos(timeoutNanos), textBytes, roomPrefix, runTag, stages(), procs, reconnect, secure, trust,
                accounts == null ? null : java.nio.file.Path.of(accounts));
    }

    ChatEngine engine() throws IOException {
        return new ChatEngine(scenario(), process, threads, InetAddress.getByName(targetAddress),
                sourceAddress == null ? null : InetAddress.getByName(sourceAddress));
    }

    private List<ChatScenario.Stage> stages() {
        List<ChatScenario.Stage> list = new ArrayList<>();
        for (int i = 0; i < stageNanos.length; i++) {
            list.add(new ChatScenario.Stage(Duration.ofNanos(stageNanos[i]), stageUsers[i]));
        }
        return list;
    }
}
