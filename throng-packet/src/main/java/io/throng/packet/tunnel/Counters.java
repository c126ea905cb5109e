package io.throng.packet.tunnel;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link TunnelCounters}; each is written by the tunnel's threads without a lock. */
final class Counters {
    final LongAdder packetsOut = new LongAdder(), bytesOut = new LongAdder(), packetsIn = new LongAdder(), bytesIn = new LongAdder();
    final LongAdder keepalivesOut = new LongAdder(), keepalivesIn = new LongAdder(), handshakes = new LongAdder();
    final LongAdder forged = new LongAdder(), replayed = new LongAdder(), corrupted = new LongAdder(), unknownSession = new LongAdder();
    final LongAdder tooBig = new LongAdder(), noSession = new LongAdder(), endpointChanges = new LongAdder(), deadPeers = new LongAdder();
    final LongAdder cipherMismatches = new LongAdder(), fragmentationNeeded = new LongAdder(), packetTooBig = new LongAdder();

    TunnelCounters snapshot() {
        return new TunnelCounters(packetsOut.sum(), bytesOut.sum(), packetsIn.sum(), bytesIn.sum(),
                keepalivesOut.sum(), keepalivesIn.sum(), handshakes.sum(),
                forged.sum(), replayed.sum(), corrupted.sum(), unknownSession.sum(),
                tooBig.sum(), noSession.sum(), endpointChanges.sum(), deadPeers.sum(), cipherMismatches.sum(), fragmentationNeeded.sum(),
                packetTooBig.sum());
    }
}
