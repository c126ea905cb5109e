package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// room runs one measurement: the sender, the members, and the counters they share.
type room struct {
	url    string
	cfg    config
	dialer websocket.Dialer

	firstSeq  atomic.Int64 // the window's first message; MaxInt64 until the window opens
	done      atomic.Bool  // the drain is over: connections ending now are no error
	held      atomic.Int64
	failed    atomic.Int64
	closed    atomic.Int64 // held connections that ended early
	protocol  atomic.Int64 // messages without a stamp, or from another sender
	delivered atomic.Int64
	lat       histogram
	latSent   histogram
}

const senderID = 1

// config is one run's shape (the flags of the same names).
type config struct {
	members               int
	rate                  float64
	size                  int
	ramp, duration, drain time.Duration
}

func newRoom(target string, cfg config, sources []net.IP, timeout time.Duration) *room {
	r := &room{url: target, cfg: cfg}
	r.firstSeq.Store(math.MaxInt64)
	var next atomic.Uint64
	r.dialer = websocket.Dialer{
		HandshakeTimeout: timeout,
		ReadBufferSize:   4096,
		// Members write nothing but pongs and the close: a pooled write buffer is taken only for those.
		WriteBufferPool: &sync.Pool{},
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			d := net.Dialer{Timeout: timeout}
			if len(sources) > 0 {
				d.LocalAddr = &net.TCPAddr{IP: sources[int(next.Add(1))%len(sources)]}
			}
			return d.DialContext(ctx, network, addr)
		},
	}
	return r
}

// receive reads the room's messages on c until it ends, measuring those of the window.
func (r *room) receive(c *websocket.Conn) {
	var buf [256]byte
	for {
		_, rd, err := c.NextReader()
		if err != nil {
			if !r.done.Load() {
				r.closed.Add(1)
				r.held.Add(-1)
			}
			return
		}
		n := 0
		for n < len(buf) {
			k, err := rd.Read(buf[n:])
			n += k
			if err != nil {
				break // io.EOF ends the message; a broken connection shows at the next NextReader
			}
		}
		if n == len(buf) {
			io.Copy(io.Discard, rd)
		}
		t := now()
		s, err := decodeStamp(buf[:n])
		if err != nil || s.sender != senderID {
			r.protocol.Add(1)
			continue
		}
		if s.seq >= r.firstSeq.Load() {
			r.lat.record(uint64((t - s.intended) / 1000))
			r.latSent.record(uint64((t - s.sent) / 1000))
			r.delivered.Add(1)
		}
	}
}

func (r *room) dial() (*websocket.Conn, error) {
	c, _, err := r.dialer.Dial(r.url, nil)
	if err != nil {
		r.failed.Add(1)
		return nil, err
	}
	r.held.Add(1)
	return c, nil
}

// connectMembers opens n members evenly over ramp, at most 128 handshakes at once, and returns when every
// attempt has ended.
func (r *room) connectMembers(n int, ramp time.Duration) {
	sem := make(chan struct{}, 128)
	var wg sync.WaitGroup
	begin := time.Now()
	for i := 0; i < n; i++ {
		if d := time.Until(begin.Add(ramp * time.Duration(i) / time.Duration(n))); d > 0 {
			time.Sleep(d)
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := r.dial()
			<-sem
			if err == nil {
				r.receive(c)
			}
		}()
	}
	// Wait for the attempts, not the receivers: count down as each attempt leaves the semaphore.
	for i := 0; i < cap(sem); i++ {
		sem <- struct{}{}
	}
}

func (r *room) run() (*result, error) {
	sender, err := r.dial()
	if err != nil {
		return nil, fmt.Errorf("the sender could not connect: %w", err)
	}
	go r.receive(sender)
	connected := make(chan struct{})
	rampEnd := time.Now().Add(r.cfg.ramp)
	go func() { r.connectMembers(r.cfg.members, r.cfg.ramp); close(connected) }()

	interval := time.Duration(float64(time.Second) / r.cfg.rate)
	msg := make([]byte, r.cfg.size)
	t0 := now()
	var first, end int64 = -1, -1
	var windowEnd int64
	var cpu0 float64
	var startedUnix time.Time
	var lagMax int64
	for seq := int64(0); ; seq++ {
		intended := t0 + seq*int64(interval)
		if d := intended - now(); d > 0 {
			time.Sleep(time.Duration(d))
		}
		if first < 0 && !time.Now().Before(rampEnd) {
			select {
			case <-connected:
				first, windowEnd = seq, intended+int64(r.cfg.duration)
				cpu0, startedUnix = cpuSeconds(), time.Now()
				r.firstSeq.Store(seq)
			default:
			}
		}
		if first >= 0 && intended >= windowEnd {
			end = seq
			break
		}
		sent := now()
		if first >= 0 && sent-intended > lagMax {
			lagMax = sent - intended
		}
		stamp{intended: intended, sent: sent, sender: senderID, seq: seq}.encode(msg)
		if err := sender.WriteMessage(websocket.TextMessage, msg); err != nil {
			return nil, fmt.Errorf("the sender's connection failed: %w", err)
		}
	}
	cpu := cpuSeconds() - cpu0
	wall := time.Since(startedUnix).Seconds()
	atEnd := r.delivered.Load()
	held := r.held.Load()
	sent := end - first
	expected := sent * held
	for deadline := time.Now().Add(r.cfg.drain); r.delivered.Load() < expected && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond) // polling a counter, not synchronising: the drain is bounded either way
	}
	r.done.Store(true)
	delivered := r.delivered.Load()
	res := &result{
		Client: "go fanout-client", URL: r.url, Members: r.cfg.members, Rate: r.cfg.rate, Size: r.cfg.size,
		Connects:        connects{Asked: r.cfg.members + 1, Held: held, Failed: r.failed.Load()},
		DurationSeconds: float64(sent) * interval.Seconds(),
		Sent:            sent, Expected: expected, Delivered: delivered, DeliveredAtEnd: atEnd,
		Latency: summary(&r.lat), LatencyFromSent: summary(&r.latSent), SendLagMaxUs: lagMax / 1000,
		ClientCPU: 100 * cpu / wall,
		ErrorKinds: map[string]int64{"connect": r.failed.Load(), "closed": r.closed.Load(),
			"protocol": r.protocol.Load()},
		StartedUnix: float64(startedUnix.UnixNano()) / 1e9,
	}
	if expected > 0 {
		res.DeliveredRatio = float64(delivered) / float64(expected)
	}
	res.Errors = res.ErrorKinds["connect"] + res.ErrorKinds["closed"] + res.ErrorKinds["protocol"]
	return res, nil
}
