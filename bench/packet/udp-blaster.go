// udp-blaster: sends small UDP datagrams at a fixed rate for bench/packet/capture, and prints how many it sent.
// Usage: udp-blaster ADDR:PORT RATE_PER_SECOND SECONDS [PAYLOAD_BYTES]
// The rate is kept per millisecond tick (RATE/1000 datagrams each), so bursts stay short; when the box cannot
// keep up it sends as fast as it can and the count it prints says what it managed.
package main

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"time"
)

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: udp-blaster ADDR:PORT RATE SECONDS [PAYLOAD]")
		os.Exit(2)
	}
	rate, _ := strconv.Atoi(os.Args[2])
	seconds, _ := strconv.Atoi(os.Args[3])
	size := 18 // 18 bytes of payload: a 60-byte Ethernet frame, the minimum
	if len(os.Args) > 4 {
		size, _ = strconv.Atoi(os.Args[4])
	}
	conn, err := net.Dial("udp", os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	payload := make([]byte, size)
	start := time.Now()
	end := start.Add(time.Duration(seconds) * time.Second)
	sent, failed := 0, 0
	for now := start; now.Before(end); now = time.Now() {
		due := int(float64(rate) * now.Sub(start).Seconds())
		for sent+failed < due {
			if _, err := conn.Write(payload); err != nil {
				failed++ // ENOBUFS and the like: not sent, not counted as sent
			} else {
				sent++
			}
		}
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start).Seconds()
	fmt.Printf("%d %d %.0f\n", sent, failed, float64(sent)/elapsed)
}
