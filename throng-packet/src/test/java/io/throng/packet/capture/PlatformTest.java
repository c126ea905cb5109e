package io.throng.packet.capture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.throng.packet.filter.Filter;
import org.junit.jupiter.api.Test;

/** Elsewhere than Linux, capture, raw sending and raw ICMP sockets refuse with a sentence naming the system, before any native call. */
class PlatformTest {
    @Test
    void otherSystemsGetAClearError() {
        String real = System.getProperty("os.name");
        System.setProperty("os.name", "Mac OS X");
        try {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> PacketCapture.open("en0", Filter.compile("", 262144), 262144));
            assertTrue(e.getMessage().contains("needs Linux") && e.getMessage().contains("Mac OS X"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, RawIpv4Socket::open);
            assertThrows(UnsupportedOperationException.class, () -> IcmpSocket.open(false));
            assertThrows(UnsupportedOperationException.class, () -> IcmpSocket.open(true));
        } finally {
            System.setProperty("os.name", real);
        }
    }
}
