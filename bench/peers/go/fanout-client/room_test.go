package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// testServer is a small broadcast room whose misbehaviour each test chooses; the client must report it.
type testServer struct {
	mu      sync.Mutex
	members []*websocket.Conn
	joined  int
	// drop says whether to withhold a broadcast message (by its stamp) from everyone.
	drop func(s stamp) bool
	// greet, when set, is sent to each member as it joins (a message without a stamp).
	greet string
	// closeFirst closes the first member to join right away.
	closeFirst bool
	// hold delays every broadcast.
	hold time.Duration
}

func (ts *testServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Counted as the request arrives: the client dials its members only once the sender's handshake is
	// done, so the sender's request is first. After the upgrade the handlers race, and a member's could
	// count before the sender's (the sender was then the one closed: "write: broken pipe").
	ts.mu.Lock()
	ts.joined++
	n := ts.joined
	ts.mu.Unlock()
	c, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		return
	}
	ts.mu.Lock()
	if ts.closeFirst && n == 2 { // the first to join is the sender
		ts.mu.Unlock()
		c.Close()
		return
	}
	if ts.greet != "" {
		c.WriteMessage(websocket.TextMessage, []byte(ts.greet))
	}
	ts.members = append(ts.members, c)
	ts.mu.Unlock()
	for {
		_, m, err := c.ReadMessage()
		if err != nil {
			return
		}
		if s, err := decodeStamp(m); err == nil && ts.drop != nil && ts.drop(s) {
			continue
		}
		time.Sleep(ts.hold) // the server's own slowness, which the client must see (not a synchronisation)
		ts.mu.Lock()
		for _, o := range ts.members {
			o.WriteMessage(websocket.TextMessage, m)
		}
		ts.mu.Unlock()
	}
}

// measure runs the client with 20 members and 50 messages/s over a 400 ms window: 20 messages, 21 receivers.
func measure(t *testing.T, ts *testServer) *result {
	srv := httptest.NewServer(ts)
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/broadcast"
	r := newRoom(url, config{members: 20, rate: 50, size: 64, ramp: 100 * time.Millisecond,
		duration: 400 * time.Millisecond, drain: 2 * time.Second}, nil, 5*time.Second)
	res, err := r.run()
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != 20 {
		t.Fatalf("sent %d in the window, want 20 (400 ms at 50/s)", res.Sent)
	}
	return res
}

func TestADroppedMessageIsMissingAndNotMeasured(t *testing.T) {
	res := measure(t, &testServer{drop: func(s stamp) bool { return s.seq%2 == 1 }})
	if res.Expected != 20*21 || res.Delivered != 10*21 {
		t.Fatalf("delivered %d of %d, want 210 of 420", res.Delivered, res.Expected)
	}
	if res.ErrorKinds["protocol"] != 0 {
		t.Fatalf("protocol errors %d", res.ErrorKinds["protocol"])
	}
}

func TestAnUnstampedMessageIsAProtocolError(t *testing.T) {
	res := measure(t, &testServer{greet: "welcome"})
	if got := res.ErrorKinds["protocol"]; got != 21 {
		t.Fatalf("protocol errors %d, want one per connection (21)", got)
	}
	if res.Delivered != res.Expected {
		t.Fatalf("delivered %d of %d", res.Delivered, res.Expected)
	}
}

func TestAMemberClosedByTheServerIsNotExpectedAndCountsAsAnError(t *testing.T) {
	res := measure(t, &testServer{closeFirst: true})
	if res.Connects.Held != 20 || res.ErrorKinds["closed"] != 1 {
		t.Fatalf("held %d, closed %d; want 20 and 1", res.Connects.Held, res.ErrorKinds["closed"])
	}
	if res.Expected != 20*20 || res.Delivered != res.Expected {
		t.Fatalf("delivered %d of %d, want 400 of 400", res.Delivered, res.Expected)
	}
}

func TestAFairServerDeliversEverythingAndEveryDeliveryIsMeasured(t *testing.T) {
	res := measure(t, &testServer{})
	if res.Expected != 20*21 || res.Delivered != res.Expected || res.Errors != 0 {
		t.Fatalf("delivered %d of %d, errors %v", res.Delivered, res.Expected, res.ErrorKinds)
	}
	l := res.Latency
	if !(l.P50 <= l.P99 && l.P99 <= l.Max && l.Max > 0) {
		t.Fatalf("latencies out of order: %+v", l)
	}
}

func TestAServersDelayShowsInTheLatencies(t *testing.T) {
	res := measure(t, &testServer{hold: 30 * time.Millisecond})
	if res.Delivered != res.Expected {
		t.Fatalf("delivered %d of %d", res.Delivered, res.Expected)
	}
	// Every message waits 30 ms in the server, and they arrive every 20 ms, so the queue grows: half of them
	// must have waited well over 30 ms.
	if res.Latency.P50 < 30000 {
		t.Fatalf("p50 %d µs, but the server held each message 30 ms", res.Latency.P50)
	}
}
