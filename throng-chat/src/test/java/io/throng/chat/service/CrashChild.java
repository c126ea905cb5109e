package io.throng.chat.service;

import io.throng.channels.Received;
import io.throng.chat.protocol.ClientMessage;
import io.throng.chat.protocol.Codec;
import io.throng.chat.protocol.Frame;
import io.throng.chat.protocol.ServerMessage;
import io.throng.chat.store.ChatStore;
import io.throng.chat.store.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process {@link CrashTest} kills: a chat service with the default durability and a few
 * clients sending into one room, printing {@code ACK <seq> <cid>} for each acknowledgement as soon as
 * the client has it. Ends by itself after 60 s so that nothing outlives a broken test.
 */
public final class CrashChild {
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        int clients = Integer.parseInt(args[1]);
        ChatStore store = ChatStore.open(db, Durability.FULL, 2);
        ChatService service = new ChatService(store, ChatConfig.defaults().withRate(1e6, 1_000_000),
                InstantSource.system());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String nick = "w" + c;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    Connection conn = service.connect();
                    conn.receive(Codec.encode(new ClientMessage.Hello(Codec.VERSION, nick)));
                    conn.receive(Codec.encode(new ClientMessage.Join("crash", OptionalLong.empty())));
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        String cid = nick + "-" + i;
                        conn.receive(Codec.encode(new ClientMessage.Say("crash", cid, "message " + i)));
                        while (true) {
                            if (!(conn.outbox().receive(Duration.ofSeconds(10)) instanceof Received.Value<Frame>(Frame f))) {
                                throw new IllegalStateException("no ack for " + cid);
                            }
                            if (Codec.decodeServer(f.json()) instanceof ServerMessage.Ack a && a.cid().equals(cid)) {
                                synchronized (System.out) {
                                    System.out.println("ACK " + a.seq() + " " + cid);
                                    System.out.flush();
                                }
                                break;
                            }
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        service.close();
        store.close();
    }
}
