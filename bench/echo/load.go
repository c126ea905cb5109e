// Command load is the measuring client of bench/line-echo and bench/udp: it is none of the servers under test.
//
// TCP lines (-proto tcp): -conns connections; each writes -depth lines of -size bytes (newline included) in one
// write, then reads its -depth echoes back, checks each is byte for byte the line it sent, and writes the next
// batch (a closed loop with a pipeline, like redis-benchmark -P). Latency: from the batch's write to each
// echo's arrival. A wrong echo, a read past -timeout or a closed connection counts as an error and ends that
// connection.
//
// UDP (-proto udp): -flows sockets, each sending -size-byte datagrams (sequence number and send time inside) to
// the server and reading replies; -rate datagrams/s in total, paced in 1 ms steps (an open model: sending never
// waits for replies), or as fast as the sockets take them with -rate 0. Loss = sent - received, counted over
// the datagrams sent in the measured window, after a -drain grace period for late replies; a reply that is not
// a datagram we sent (unknown sequence, wrong length or content) is an error.
//
// Both run -warmup, then measure -duration, and print one JSON line: ops/s (echoed lines or received replies per
// second), sent, received, lost, errors, p50/p99/max latency in microseconds.
//
// Build: GO111MODULE=off go build -o load load.go (no dependencies beyond the standard library).
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

type result struct {
	Proto    string           `json:"proto"`
	Conns    int              `json:"conns"`
	Rate     int              `json:"rate,omitempty"`
	Seconds  float64          `json:"seconds"`
	OpsPerS  float64          `json:"opsPerSecond"`
	Sent     int64            `json:"sent"`
	Received int64            `json:"received"`
	Lost     int64            `json:"lost"`
	Errors   int64            `json:"errors"`
	Kinds    map[string]int64 `json:"errorKinds,omitempty"`
	P50us    float64          `json:"p50us"`
	P99us    float64          `json:"p99us"`
	MaxUs    float64          `json:"maxus"`
}

var (
	proto    = flag.String("proto", "tcp", "tcp (lines) or udp (datagrams)")
	addr     = flag.String("addr", "127.0.0.1:7000", "server address")
	conns    = flag.Int("conns", 100, "tcp: connections")
	depth    = flag.Int("depth", 16, "tcp: lines in flight per connection")
	flows    = flag.Int("flows", 4, "udp: client sockets")
	rate     = flag.Int("rate", 50000, "udp: datagrams/s offered in total (0: as fast as the sockets take them)")
	size     = flag.Int("size", 64, "bytes per line (newline included) or per datagram")
	warmup   = flag.Duration("warmup", 3*time.Second, "run before measuring")
	duration = flag.Duration("duration", 10*time.Second, "measured time")
	drain    = flag.Duration("drain", time.Second, "udp: wait for late replies after sending stops")
	timeout  = flag.Duration("timeout", 10*time.Second, "tcp: a batch not echoed within this is an error")
)

// window is the measured interval in nanoseconds since base; samples outside it are not counted.
type window struct {
	base       time.Time
	start, end int64
}

func (w window) in(t int64) bool { return t >= w.start && t < w.end }

// recorder holds one goroutine's latencies (µs) and counts: nothing shared while running.
type recorder struct {
	lat      []uint32
	sent     int64
	received int64
	errors   int64
	kind     string // tcp: why the connection ended early, if it did
}

// fault counts one error of the given kind.
func (r *recorder) fault(kind string) {
	r.errors++
	r.kind = kind
}

func main() {
	flag.Parse()
	if *size < 24 {
		fail("-size must be at least 24 (a sequence number and a send time are inside)")
	}
	var recs []*recorder
	switch *proto {
	case "tcp":
		recs = runTCP()
	case "udp":
		recs = runUDP()
	default:
		fail("-proto is tcp or udp")
	}
	var all []uint32
	r := result{Proto: *proto, Conns: *conns, Seconds: duration.Seconds()}
	if *proto == "udp" {
		r.Conns, r.Rate = *flows, *rate
	}
	for _, x := range recs {
		all = append(all, x.lat...)
		r.Sent += x.sent
		r.Received += x.received
		r.Errors += x.errors
		if x.kind != "" {
			if r.Kinds == nil {
				r.Kinds = map[string]int64{}
			}
			r.Kinds[x.kind]++
		}
	}
	if *proto == "udp" {
		r.Lost = r.Sent - r.Received
	}
	r.OpsPerS = float64(r.Received) / duration.Seconds()
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	if n := len(all); n > 0 {
		r.P50us = float64(all[n*50/100])
		r.P99us = float64(all[n*99/100])
		r.MaxUs = float64(all[n-1])
	}
	json.NewEncoder(os.Stdout).Encode(r)
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "load:", msg)
	os.Exit(2)
}

// ---- TCP lines ---------------------------------------------------------------------------------------------

func runTCP() []*recorder {
	cs := make([]net.Conn, *conns)
	var wg sync.WaitGroup
	errs := make(chan error, *conns)
	sem := make(chan struct{}, 64) // connect at most 64 at a time: no SYN flood on the server's backlog
	for i := range cs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c, err := net.DialTimeout("tcp", *addr, 30*time.Second)
			if err != nil {
				errs <- err
				return
			}
			cs[i] = c
		}(i)
	}
	wg.Wait()
	select {
	case err := <-errs:
		fail("connect: " + err.Error())
	default:
	}
	base := time.Now()
	w := window{base: base, start: int64(*warmup), end: int64(*warmup + *duration)}
	var stop atomic.Bool
	recs := make([]*recorder, len(cs))
	for i, c := range cs {
		recs[i] = &recorder{}
		wg.Add(1)
		go func(c net.Conn, rec *recorder, id int) {
			defer wg.Done()
			defer c.Close()
			lines(c, rec, id, w, &stop)
		}(c, recs[i], i)
	}
	time.Sleep(*warmup + *duration) // the run's length, not a synchronisation
	stop.Store(true)
	wg.Wait()
	return recs
}

// lines runs one connection's closed loop until stop; every line is "<conn> <seq> <padding>\n", unique per run.
func lines(c net.Conn, rec *recorder, id int, w window, stop *atomic.Bool) {
	in := bufio.NewReaderSize(c, 64*1024)
	batch := make([]byte, 0, *depth**size)
	var seq uint64
	for !stop.Load() {
		batch = batch[:0]
		for i := 0; i < *depth; i++ {
			seq++
			line := fmt.Appendf(nil, "%08x %016x ", id, seq)
			for len(line) < *size-1 {
				line = append(line, 'x')
			}
			batch = append(append(batch, line...), '\n')
		}
		sentAt := time.Since(w.base).Nanoseconds()
		if _, err := c.Write(batch); err != nil {
			rec.fault("write: " + errKind(err))
			return
		}
		c.SetReadDeadline(time.Now().Add(*timeout))
		for i := 0; i < *depth; i++ {
			got, err := in.ReadSlice('\n')
			if err != nil {
				rec.fault("read: " + errKind(err))
				return
			}
			if !bytes.Equal(got, batch[i**size:(i+1)**size]) {
				rec.fault("wrong echo")
				return
			}
			now := time.Since(w.base).Nanoseconds()
			if w.in(sentAt) && w.in(now) {
				rec.received++
				rec.lat = append(rec.lat, uint32((now-sentAt)/1000))
			}
		}
		if w.in(sentAt) {
			rec.sent += int64(*depth)
		}
	}
}

// ---- UDP datagrams -----------------------------------------------------------------------------------------

func runUDP() []*recorder {
	server, err := net.ResolveUDPAddr("udp", *addr)
	if err != nil {
		fail(err.Error())
	}
	base := time.Now()
	w := window{base: base, start: int64(*warmup), end: int64(*warmup + *duration)}
	recs := make([]*recorder, 0, 2**flows)
	var senders, receivers sync.WaitGroup
	var sockets []*net.UDPConn
	for f := 0; f < *flows; f++ {
		c, err := net.DialUDP("udp", nil, server)
		if err != nil {
			fail(err.Error())
		}
		c.SetReadBuffer(4 << 20)
		c.SetWriteBuffer(4 << 20)
		sockets = append(sockets, c)
		send, recv := &recorder{}, &recorder{}
		recs = append(recs, send, recv)
		senders.Add(1)
		receivers.Add(1)
		go func(c *net.UDPConn, f int) {
			defer senders.Done()
			datagrams(c, f, send, w)
		}(c, f)
		go func(c *net.UDPConn, f int) {
			defer receivers.Done()
			replies(c, f, recv, w)
		}(c, f)
	}
	senders.Wait()     // they stop at the window's end
	time.Sleep(*drain) // late replies still count; what has not come by now is lost
	for _, c := range sockets {
		c.Close() // ends each receiver's Read
	}
	receivers.Wait()
	return recs
}

// datagrams sends this flow's share of -rate until the window ends: in each 1 ms step as many as the rate owes.
func datagrams(c *net.UDPConn, flow int, rec *recorder, w window) {
	buf := make([]byte, *size)
	for i := 16; i < len(buf); i++ {
		buf[i] = byte('a' + flow%26)
	}
	perFlow := float64(*rate) / float64(*flows)
	var sent int64
	for {
		now := time.Since(w.base).Nanoseconds()
		if now >= w.end {
			return
		}
		owed := int64(1 << 62)
		if *rate > 0 {
			owed = int64(perFlow*float64(now)/1e9) - sent
			if owed <= 0 {
				time.Sleep(time.Millisecond)
				continue
			}
		}
		for ; owed > 0; owed-- {
			t := time.Since(w.base).Nanoseconds()
			binary.LittleEndian.PutUint64(buf[0:], uint64(t))
			binary.LittleEndian.PutUint64(buf[8:], uint64(sent))
			if _, err := c.Write(buf); err != nil {
				// ECONNREFUSED from an earlier ICMP, or a full buffer: the datagram is lost, and counted so
			}
			sent++
			if w.in(t) {
				rec.sent++
			}
			if *rate > 0 && sent%64 == 0 {
				break // recheck the clock: do not burst a whole step's debt after a stall
			}
			if t >= w.end {
				return
			}
		}
	}
}

// replies reads one flow's echoes until its socket is closed.
func replies(c *net.UDPConn, flow int, rec *recorder, w window) {
	buf := make([]byte, 65536)
	for {
		n, err := c.Read(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue // ECONNREFUSED (ICMP) while the server was not yet up: nothing was received
		}
		now := time.Since(w.base).Nanoseconds()
		sentAt := int64(binary.LittleEndian.Uint64(buf[0:]))
		if n != *size || sentAt < 0 || sentAt > now || buf[n-1] != byte('a'+flow%26) {
			rec.errors++ // not a datagram this flow sent
		} else if w.in(sentAt) {
			rec.received++
			rec.lat = append(rec.lat, uint32((now-sentAt)/1000))
		}
	}
}

// errKind names an error without its addresses, so that equal causes count together.
func errKind(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, io.EOF):
		return "closed by the server"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.EPIPE):
		return "broken pipe"
	}
	return err.Error()
}
