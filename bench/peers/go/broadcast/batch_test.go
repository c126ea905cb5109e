package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// recordingConn records each Write that reaches the socket.
type recordingConn struct {
	net.Conn
	mu     sync.Mutex
	writes []string
}

func (r *recordingConn) Write(p []byte) (int, error) {
	r.mu.Lock()
	r.writes = append(r.writes, string(p))
	r.mu.Unlock()
	return len(p), nil
}

func TestHeldWritesGoOutAsOneWriteInOrder(t *testing.T) {
	rec := &recordingConn{}
	b := &batchConn{Conn: rec}
	b.Write([]byte("before "))
	b.hold()
	b.Write([]byte("one "))
	b.Write([]byte("two "))
	if len(rec.writes) != 1 {
		t.Fatalf("writes reached the socket while held: %q", rec.writes)
	}
	if err := b.flush(); err != nil {
		t.Fatal(err)
	}
	b.Write([]byte("after"))
	want := []string{"before ", "one two ", "after"}
	if fmt.Sprint(rec.writes) != fmt.Sprint(want) {
		t.Fatalf("writes %q, want %q", rec.writes, want)
	}
	if err := b.flush(); err != nil || len(rec.writes) != 3 {
		t.Fatalf("an empty flush wrote: %q, %v", rec.writes, err)
	}
}

// Through the real peer, with -batch: a burst that queues up behind each member's writer must still arrive at
// every member whole, one frame per message, in order.
func TestABurstArrivesAsSeparateFramesInOrderWithBatching(t *testing.T) {
	h := &hub{clients: map[*client]bool{}, broadcast: make(chan message), register: make(chan *client),
		unregister: make(chan *client)}
	go h.run()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { serveWs(h, w, r) }))
	srv.Listener = batchListener{srv.Listener}
	srv.Start()
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	var members []*websocket.Conn
	for i := 0; i < 3; i++ {
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		members = append(members, c)
	}
	// A member's reader starts only once the hub has registered it, so when each member has had its own
	// message back, all three are in the room.
	for k, c := range members {
		own := fmt.Sprintf("hello-%d", k)
		c.WriteMessage(websocket.TextMessage, []byte(own))
		for {
			_, m, err := c.ReadMessage()
			if err != nil {
				t.Fatal(err)
			}
			if string(m) == own {
				break
			}
		}
	}
	const burst = 200 // under the 256 a member may queue, so none may be dropped
	for i := 0; i < burst; i++ {
		members[0].WriteMessage(websocket.TextMessage, []byte(fmt.Sprintf("m%03d", i)))
	}
	for k, c := range members {
		c.SetReadDeadline(time.Now().Add(10 * time.Second)) // a bound on failure, not a wait
		next := 0
		for next < burst {
			_, m, err := c.ReadMessage()
			if err != nil {
				t.Fatalf("member %d: %v after %d messages", k, err, next)
			}
			if strings.HasPrefix(string(m), "hello-") {
				continue // the others' join probes
			}
			if want := fmt.Sprintf("m%03d", next); string(m) != want {
				t.Fatalf("member %d got %q, want %q", k, m, want)
			}
			next++
		}
	}
}
