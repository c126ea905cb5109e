// udp-blaster: sends small UDP datagrams at a fixed rate for bench/packet/capture, and prints how many it sent.
// Usage: udp-blaster [-batch N] [-senders K] [-raw IFACE -dstmac MAC] ADDR:PORT RATE_PER_SECOND SECONDS [PAYLOAD_BYTES]
// Output, one line: "sent failed sent_per_second", summed over the senders.
//
// The rate is kept per millisecond tick (each sender RATE/K/1000 datagrams a tick), so bursts stay short; when the
// box cannot keep up a sender sends as fast as it can and the count printed says what it managed (a frame is
// counted as sent only when the kernel accepted it). Why the options: one sendto(2) per frame tops out near
// 300,000 frames/s on a 2-core box, below the rate where tcpdump starts to drop, so
//
//	-batch N   hands the kernel up to N frames per sendmmsg(2) call (default 1: one frame per call, as before);
//	-senders K splits the rate over K goroutines, each on its own OS thread and socket (its own source port: K flows);
//	-raw IFACE writes whole Ethernet frames on an AF_PACKET socket with PACKET_QDISC_BYPASS (no UDP socket,
//	           routing, neighbour lookup or qdisc per frame; the receiving side sees the same frames), to -dstmac.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

func main() {
	batch := flag.Int("batch", 1, "frames per sendmmsg(2) call")
	senders := flag.Int("senders", 1, "sending goroutines, each with its own OS thread and socket")
	raw := flag.String("raw", "", "send Ethernet frames on this interface (AF_PACKET, qdisc bypass)")
	dstMac := flag.String("dstmac", "", "destination MAC of the frames with -raw")
	flag.Parse()
	args := flag.Args()
	if len(args) < 3 || *batch < 1 || *batch > 1024 || *senders < 1 || (*raw != "" && *dstMac == "") {
		fmt.Fprintln(os.Stderr, "usage: udp-blaster [-batch N] [-senders K] [-raw IFACE -dstmac MAC] ADDR:PORT RATE SECONDS [PAYLOAD]")
		os.Exit(2)
	}
	rate, _ := strconv.Atoi(args[1])
	seconds, _ := strconv.Atoi(args[2])
	size := 18 // 18 bytes of payload: a 60-byte Ethernet frame, the minimum
	if len(args) > 3 {
		size, _ = strconv.Atoi(args[3])
	}
	outs := make([]*sender, *senders)
	for i := range outs {
		var err error
		if *raw != "" {
			outs[i], err = rawSender(*raw, *dstMac, args[0], i, size, *batch)
		} else {
			outs[i], err = udpSender(args[0], size, *batch)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	start := time.Now()
	end := start.Add(time.Duration(seconds) * time.Second)
	var wg sync.WaitGroup
	for i, s := range outs {
		share := rate / *senders // the remainder goes to sender 0, so the shares add up to RATE exactly
		if i == 0 {
			share += rate % *senders
		}
		wg.Add(1)
		go func(s *sender, share int) {
			defer wg.Done()
			runtime.LockOSThread() // its own thread: the senders run in parallel, not multiplexed on one
			s.pace(share, start, end)
		}(s, share)
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	sent, failed := 0, 0
	for _, s := range outs {
		sent += s.sent
		failed += s.failed
	}
	fmt.Printf("%d %d %.0f\n", sent, failed, float64(sent)/elapsed)
}

// pace sends share frames a second from start until end, topping up to what is due once a millisecond.
func (s *sender) pace(share int, start, end time.Time) {
	for now := start; now.Before(end); now = time.Now() {
		due := int(float64(share) * now.Sub(start).Seconds())
		for s.sent+s.failed < due {
			s.send(due - s.sent - s.failed)
		}
		time.Sleep(time.Millisecond)
	}
}
