// Go broadcast peer for bench/fanout: GET /broadcast is one room where every text or binary message from
// any member goes to every member, the sender included, as `./throng bench-server`'s /broadcast does.
//
// The shape is gorilla/websocket's chat example (examples/chat: hub.go, client.go): one hub goroutine owns
// the member set; every member has a buffered channel of outgoing messages and a writer goroutine that
// drains it, plus a reader goroutine. Two deliberate differences from the example, both to match Throng's
// room: a message goes out as its own frame (the example joins queued messages with newlines into one
// frame, which would change what the measuring client reads), and a member whose channel is full loses
// that message (Throng's room uses OverflowPolicy.DROP) instead of being disconnected.
//
// -batch (batch.go): a writer that wakes to find several messages queued sends them, each its own frame, in one
// write(2), as Throng's room does for a member that fell behind; without it, one write(2) per frame.
//
// Builds offline from Debian's packages (golang-go, golang-github-gorilla-websocket-dev):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o /tmp/go-broadcast .
//	/tmp/go-broadcast -port 8089 [-batch]
package main

import (
	"flag"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof" // /debug/pprof on the same port: where the peer's time goes, when it falls behind
	"strconv"
	"time"

	"github.com/gorilla/websocket"
)

const (
	writeWait      = 10 * time.Second
	pongWait       = 60 * time.Second
	pingPeriod     = (pongWait * 9) / 10
	maxMessageSize = 64 * 1024
	// sendBuffer is the example's 256: messages queued per member before it starts losing them.
	sendBuffer = 256
)

type message struct {
	kind int // websocket.TextMessage or websocket.BinaryMessage
	data []byte
}

type client struct {
	hub  *hub
	conn *websocket.Conn
	send chan message
}

type hub struct {
	clients    map[*client]bool
	broadcast  chan message
	register   chan *client
	unregister chan *client
}

func (h *hub) run() {
	for {
		select {
		case c := <-h.register:
			h.clients[c] = true
		case c := <-h.unregister:
			if h.clients[c] {
				delete(h.clients, c)
				close(c.send)
			}
		case m := <-h.broadcast:
			for c := range h.clients {
				select {
				case c.send <- m:
				default: // full: this member loses the message, as Throng's DROP policy does
				}
			}
		}
	}
}

func (c *client) readPump() {
	defer func() {
		c.hub.unregister <- c
		c.conn.Close()
	}()
	c.conn.SetReadLimit(maxMessageSize)
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error { c.conn.SetReadDeadline(time.Now().Add(pongWait)); return nil })
	for {
		kind, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		c.conn.SetReadDeadline(time.Now().Add(pongWait))
		c.hub.broadcast <- message{kind, data}
	}
}

func (c *client) writePump() {
	ticker := time.NewTicker(pingPeriod)
	defer func() {
		ticker.Stop()
		c.conn.Close()
	}()
	batch, _ := c.conn.UnderlyingConn().(*batchConn)
	for {
		select {
		case m, ok := <-c.send:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if !ok {
				c.conn.WriteMessage(websocket.CloseMessage, []byte{})
				return
			}
			if batch == nil {
				if err := c.conn.WriteMessage(m.kind, m.data); err != nil {
					return
				}
				continue
			}
			if !c.writeQueued(batch, m) {
				return
			}
		case <-ticker.C:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}

// writeQueued writes m and every message queued behind it now, in one write(2); false when the connection is
// done (an error, or the hub closed the channel).
func (c *client) writeQueued(batch *batchConn, m message) bool {
	batch.hold()
	err := c.conn.WriteMessage(m.kind, m.data)
	open := true
	for n := len(c.send); err == nil && n > 0; n-- {
		if m, open = <-c.send; !open {
			break
		}
		err = c.conn.WriteMessage(m.kind, m.data)
	}
	if ferr := batch.flush(); err == nil {
		err = ferr
	}
	if !open {
		c.conn.WriteMessage(websocket.CloseMessage, []byte{})
	}
	return err == nil && open
}

var upgrader = websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024}

func serveWs(h *hub, w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &client{hub: h, conn: conn, send: make(chan message, sendBuffer)}
	h.register <- c
	go c.writePump()
	go c.readPump()
}

func main() {
	port := flag.Int("port", 8089, "port on 127.0.0.1")
	batched := flag.Bool("batch", false, "send each member's queued messages in one write(2)")
	flag.Parse()
	h := &hub{clients: map[*client]bool{}, broadcast: make(chan message), register: make(chan *client),
		unregister: make(chan *client)}
	go h.run()
	http.HandleFunc("/broadcast", func(w http.ResponseWriter, r *http.Request) { serveWs(h, w, r) })
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(*port))
	if err != nil {
		log.Fatal(err)
	}
	if *batched {
		l = batchListener{l}
	}
	log.Fatal(http.Serve(l, nil))
}
