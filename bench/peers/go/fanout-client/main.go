// Command fanout-client is bench/fanout's measuring client, independent of both servers under test (Throng's
// bench-server and the Go broadcast peer): -members connections join a broadcast room, one more connection
// sends -rate messages per second on a fixed schedule (an open model: a slow server delays the sends, not the
// schedule), and every connection, the sender's included, records each message's latency from when it was
// due to when it arrived (so a send held up by the server counts against it: no coordinated omission).
//
// Phases: the sender connects and starts sending; the members connect evenly over -ramp (at most 128
// handshakes at once); once the ramp is over and every attempt has ended, the next message due opens the
// measured window of -duration. Messages of the window are counted and measured on arrival; after the window
// the client waits up to -drain for the stragglers. expected = messages sent in the window × connections
// held; delivered = those that arrived by the end of the drain (deliveredAtEnd: by the window's end, which is
// how Throng's `load ws` counts). A server that drops a message (both servers under test drop for a member
// whose queue is full) shows as delivered < expected, never in the latencies.
//
// Output: one JSON object (-json FILE, or stdout): latencies in microseconds (p50, p90, p99, p99.9, max;
// log-linear buckets, upper bounds), client CPU over the window from getrusage, error counts.
//
// Build offline from Debian's golang-go and golang-github-gorilla-websocket-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o /tmp/fanout-client .
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"
)

var (
	target   = flag.String("url", "ws://127.0.0.1:8089/broadcast", "the broadcast endpoint")
	members  = flag.Int("members", 10000, "receiving connections, besides the sender")
	rate     = flag.Float64("rate", 10, "messages per second from the sender")
	size     = flag.Int("size", 64, "message size in bytes (at least 56, the stamp)")
	ramp     = flag.Duration("ramp", 15*time.Second, "open the members evenly over this long")
	duration = flag.Duration("duration", 15*time.Second, "the measured window")
	drain    = flag.Duration("drain", 5*time.Second, "how long to wait after the window for messages of it")
	timeout  = flag.Duration("timeout", 30*time.Second, "bound on one connect plus upgrade")
	sources  = flag.String("sources", "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5",
		"source addresses, used in turn (spreads the connections over more ephemeral ports); empty: the kernel's")
	out = flag.String("json", "", "write the JSON result here (default stdout)")
)

type percentiles struct {
	P50  uint64 `json:"p50"`
	P90  uint64 `json:"p90"`
	P99  uint64 `json:"p99"`
	P999 uint64 `json:"p999"`
	Max  uint64 `json:"max"`
}

func summary(h *histogram) percentiles {
	return percentiles{h.percentile(50), h.percentile(90), h.percentile(99), h.percentile(99.9), h.max.Load()}
}

func cpuSeconds() float64 {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return float64(u.Utime.Nano()+u.Stime.Nano()) / 1e9
}

func main() {
	flag.Parse()
	if *size < stampSize || *rate <= 0 || *members < 0 {
		fmt.Fprintf(os.Stderr, "fanout-client: need -size >= %d, -rate > 0, -members >= 0\n", stampSize)
		os.Exit(2)
	}
	u, err := url.Parse(*target)
	if err != nil || u.Scheme != "ws" {
		fmt.Fprintf(os.Stderr, "fanout-client: -url must be ws://HOST:PORT/PATH, got %q\n", *target)
		os.Exit(2)
	}
	var addrs []net.IP
	for _, s := range strings.Split(*sources, ",") {
		if s = strings.TrimSpace(s); s != "" {
			addrs = append(addrs, net.ParseIP(s))
		}
	}
	r := newRoom(*target, config{*members, *rate, *size, *ramp, *duration, *drain}, addrs, *timeout)
	res, err := r.run()
	if err != nil {
		fmt.Fprintln(os.Stderr, "fanout-client:", err)
		os.Exit(1)
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	if *out == "" {
		fmt.Println(string(b))
	} else if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "fanout-client:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "fanout-client: held %d, sent %d, delivered %d/%d (%.4f), p50 %.1f ms, p99 %.1f ms, max %.1f ms, client CPU %.0f%%, errors %d\n",
		res.Connects.Held, res.Sent, res.Delivered, res.Expected, res.DeliveredRatio, float64(res.Latency.P50)/1000,
		float64(res.Latency.P99)/1000, float64(res.Latency.Max)/1000, res.ClientCPU, res.Errors)
}

// connects says what became of every connection asked for (members + the sender).
type connects struct {
	Asked  int   `json:"asked"`
	Held   int64 `json:"held"` // open when the window ended
	Failed int64 `json:"failed"`
}

type result struct {
	Client          string           `json:"client"`
	URL             string           `json:"url"`
	Members         int              `json:"members"`
	Rate            float64          `json:"rate"`
	Size            int              `json:"size"`
	Connects        connects         `json:"connects"`
	DurationSeconds float64          `json:"durationSeconds"`
	Sent            int64            `json:"sent"`
	Expected        int64            `json:"expected"`
	Delivered       int64            `json:"delivered"`
	DeliveredAtEnd  int64            `json:"deliveredAtEnd"`
	DeliveredRatio  float64          `json:"deliveredRatio"`
	Latency         percentiles      `json:"latency"`         // µs, from when each message was due
	LatencyFromSent percentiles      `json:"latencyFromSent"` // µs, from when it was handed to the socket
	SendLagMaxUs    int64            `json:"sendLagMaxUs"`    // the sender's worst lateness against its schedule
	ClientCPU       float64          `json:"clientCpuPercent"`
	Errors          int64            `json:"errors"`
	ErrorKinds      map[string]int64 `json:"errorKinds"`
	StartedUnix     float64          `json:"windowStartUnix"`
}
