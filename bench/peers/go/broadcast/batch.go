package main

import (
	"net"
	"sync"
)

// With -batch, a member's writer goroutine sends every message queued at that moment in one write(2), each still
// its own frame. Throng's room does the same (frames queued for a member go out gathered in one write), and so,
// in its way, does gorilla's chat example (its writer drains the queue into one frame). gorilla's WriteMessage
// writes each frame straight to the connection, so the gathering happens underneath it: the listener hands
// gorilla connections that can hold writes back until the writer goroutine flushes them.

// batchConn holds back writes between hold and flush; other writes (gorilla's control frames from the reader
// goroutine) pass straight through. Each of gorilla's writes is whole frames, and net.Conn serialises Write
// calls, so frames never interleave.
type batchConn struct {
	net.Conn
	mu      sync.Mutex
	holding bool
	buf     []byte
}

func (b *batchConn) Write(p []byte) (int, error) {
	b.mu.Lock()
	if b.holding {
		b.buf = append(b.buf, p...)
		b.mu.Unlock()
		return len(p), nil
	}
	b.mu.Unlock()
	return b.Conn.Write(p)
}

func (b *batchConn) hold() {
	b.mu.Lock()
	b.holding = true
	b.mu.Unlock()
}

// flush writes what was held back in one write and stops holding.
func (b *batchConn) flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.holding = false
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.Conn.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}

type batchListener struct{ net.Listener }

func (l batchListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &batchConn{Conn: c}, nil
}
