package io.throng.chaos.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** toxiproxy's own Java client (eu.rekawek.toxiproxy:toxiproxy-java), unchanged, against throng chaos. */
class ToxiproxyJavaClientTest {
    private ChaosServer server;
    private ToxiproxyClient client;
    private ServerSocket echo;

    @BeforeEach
    void start() throws IOException {
        server = ChaosServer.start("127.0.0.1", 0, null);
        client = new ToxiproxyClient("127.0.0.1", server.port());
        echo = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException e) {
                            // Gone.
                        }
                    });
                }
            } catch (IOException e) {
                // Closed.
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        echo.close();
    }

    private String upstream() {
        return "127.0.0.1:" + echo.getLocalPort();
    }

    @Test
    void versionCreateListGetDelete() throws IOException {
        assertTrue(client.version().contains(ChaosApi.VERSION), client.version());
        Proxy p = client.createProxy("echo", "127.0.0.1:0", upstream());
        assertEquals("echo", p.getName());
        assertFalse(p.getListen().endsWith(":0"), p.getListen());
        assertTrue(p.isEnabled());
        assertEquals(1, client.getProxies().size());
        assertEquals(p.getListen(), client.getProxy("echo").getListen());
        assertEquals(upstream(), client.getProxy("echo").getUpstream());
        p.delete();
        assertTrue(client.getProxies().isEmpty());
        assertEquals(null, client.getProxyOrNull("echo"));
    }

    @Test
    void refusalsReadAsTheClientExpects() throws IOException {
        client.createProxy("echo", "127.0.0.1:0", upstream());
        IOException e = assertThrows(IOException.class, () -> client.createProxy("echo", "127.0.0.1:0", upstream()));
        assertEquals("[409] proxy already exists", e.getMessage());
        e = assertThrows(IOException.class, () -> client.getProxy("nope"));
        assertEquals("[404] proxy not found", e.getMessage());
    }

    @Test
    void toxicsAddUpdateListRemove() throws IOException {
        Proxy p = client.createProxy("echo", "127.0.0.1:0", upstream());
        Latency lag = p.toxics().latency("lag", ToxicDirection.DOWNSTREAM, 60).setJitter(0);
        assertEquals(60, lag.getLatency());
        lag.setToxicity(1f);
        p.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 1000);
        p.toxics().slicer("slices", ToxicDirection.UPSTREAM, 10, 0);
        p.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 0);
        p.toxics().limitData("lim", ToxicDirection.DOWNSTREAM, 1_000_000);
        assertEquals(5, p.toxics().getAll().size());
        assertEquals(60, p.toxics().get("lag", Latency.class).getLatency());
        assertEquals(1000, p.toxics().get("bw", Bandwidth.class).getRate());
        assertEquals(10, p.toxics().get("slices", Slicer.class).getAverageSize());
        assertEquals(ToxicDirection.UPSTREAM, p.toxics().get("bw").getStream());

        // The toxics act on the wire: one round trip takes the latency.
        String[] hostPort = p.getListen().split(":");
        try (Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            s.setTcpNoDelay(true);
            long start = System.nanoTime();
            roundTrip(s);
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 60);
        }
        p.toxics().get("lag").remove();
        assertEquals(4, p.toxics().getAll().size());
    }

    @Test
    void disableEnableAndReset() throws IOException {
        Proxy p = client.createProxy("echo", "127.0.0.1:0", upstream());
        String[] hostPort = p.getListen().split(":");
        InetSocketAddress at = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        p.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 0);
        p.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 0);
        p.disable();
        assertFalse(client.getProxy("echo").isEnabled());
        assertThrows(ConnectException.class, () -> new Socket(at.getAddress(), at.getPort()).close());
        client.reset();
        assertTrue(client.getProxy("echo").isEnabled());
        assertTrue(p.toxics().getAll().isEmpty());
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            roundTrip(s);
        }
    }

    private static void roundTrip(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write("ping".getBytes());
        out.flush();
        assertEquals("ping", new String(in.readNBytes(4)));
    }
}
