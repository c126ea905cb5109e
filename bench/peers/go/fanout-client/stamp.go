package main

import (
	"errors"
	"time"
)

// A stamp is the header every message of this client carries, in the layout of Throng's load tool
// (throng-load's Stamp, text form): 56 lower-case hex digits — when the message was due on the sender's
// schedule (16), when it was handed to the connection (16), the sender's id (8) and its sequence number (16) —
// then 'x' up to the message size. The servers under test broadcast messages as they are, so both clients'
// messages cross them alike. Times are nanoseconds on this process's monotonic clock (since start): sender and
// receivers live in one process, so they read the same clock.
type stamp struct {
	intended, sent int64
	sender         uint32
	seq            int64
}

const stampSize = 56

var start = time.Now()

// now is nanoseconds since the process started, on Go's monotonic clock.
func now() int64 { return int64(time.Since(start)) }

const hexDigits = "0123456789abcdef"

func putHex(b []byte, v uint64, digits int) {
	for i := digits - 1; i >= 0; i-- {
		b[i] = hexDigits[v&0xf]
		v >>= 4
	}
}

// encode writes the stamp and filler into b, which must hold at least stampSize bytes.
func (s stamp) encode(b []byte) {
	putHex(b[0:], uint64(s.intended), 16)
	putHex(b[16:], uint64(s.sent), 16)
	putHex(b[32:], uint64(s.sender), 8)
	putHex(b[40:], uint64(s.seq), 16)
	for i := stampSize; i < len(b); i++ {
		b[i] = 'x'
	}
}

var errNotStamp = errors.New("message carries no stamp")

func unhex(b []byte) (uint64, error) {
	var v uint64
	for _, c := range b {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, errNotStamp
		}
		v = v<<4 | uint64(d)
	}
	return v, nil
}

// decodeStamp reads the stamp at the start of a message.
func decodeStamp(b []byte) (stamp, error) {
	if len(b) < stampSize {
		return stamp{}, errNotStamp
	}
	var f [4]uint64
	for i, r := range [4][2]int{{0, 16}, {16, 32}, {32, 40}, {40, 56}} {
		v, err := unhex(b[r[0]:r[1]])
		if err != nil {
			return stamp{}, err
		}
		f[i] = v
	}
	return stamp{intended: int64(f[0]), sent: int64(f[1]), sender: uint32(f[2]), seq: int64(f[3])}, nil
}
