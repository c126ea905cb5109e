package io.throng.net.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The eight-at-a-time search finds what a byte loop finds, wherever the byte is and whatever surrounds it. */
class ByteSearchTest {

    private static int naive(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Every window of a 40-byte array, the byte at every place, among the neighbours SWAR tricks get wrong. */
    @Test
    void everyPositionAndWindowAmongHostileNeighbours() {
        byte[] hostile = {0x00, 0x01, 0x09, 0x0B, (byte) 0x80, (byte) 0x8A, (byte) 0xFF, (byte) 0x8B, 0x7F};
        for (byte target : new byte[] {'\n', 0x00, (byte) 0xFF, (byte) 0x80}) {
            for (byte filler : hostile) {
                if (filler == target) {
                    continue;
                }
                for (int place = -1; place < 40; place++) {
                    byte[] buf = new byte[40];
                    java.util.Arrays.fill(buf, filler);
                    if (place >= 0) {
                        buf[place] = target;
                    }
                    for (int from = 0; from <= 40; from++) {
                        for (int to = from; to <= 40; to++) {
                            assertEquals(naive(buf, from, to, target), ByteSearch.indexOf(buf, from, to, target),
                                    "target " + target + " filler " + filler + " at " + place + " in [" + from + "," + to + ")");
                        }
                    }
                }
            }
        }
    }

    @Test
    void randomArraysWithSeveralMatches() {
        SplittableRandom random = new SplittableRandom(19);
        for (int round = 0; round < 20_000; round++) {
            byte[] buf = new byte[random.nextInt(1, 200)];
            for (int i = 0; i < buf.length; i++) {
                // Mostly bytes next to the target in value, and the target itself now and then.
                buf[i] = (byte) ('\n' + random.nextInt(-2, 3) + (random.nextInt(4) == 0 ? 0x80 : 0));
            }
            int from = random.nextInt(buf.length + 1);
            int to = random.nextInt(from, buf.length + 1);
            assertEquals(naive(buf, from, to, (byte) '\n'), ByteSearch.indexOf(buf, from, to, (byte) '\n'));
        }
    }
}
