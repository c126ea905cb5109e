package main

import (
	"strings"
	"testing"
)

// Throng's Stamp.toText(64) of intended=0x1f, sent=0x20, sender=1, seq=3, written out by hand from its layout.
const throngStamp = "000000000000001f" + "0000000000000020" + "00000001" + "0000000000000003" + "xxxxxxxx"

func TestDecodesThrongsTextStamp(t *testing.T) {
	s, err := decodeStamp([]byte(throngStamp))
	if err != nil {
		t.Fatal(err)
	}
	if s != (stamp{intended: 0x1f, sent: 0x20, sender: 1, seq: 3}) {
		t.Fatalf("decoded %+v", s)
	}
}

func TestEncodesThrongsLayout(t *testing.T) {
	b := make([]byte, 64)
	stamp{intended: 0x1f, sent: 0x20, sender: 1, seq: 3}.encode(b)
	if string(b) != throngStamp {
		t.Fatalf("encoded %q, want %q", b, throngStamp)
	}
}

func TestRoundTripOfLargeValues(t *testing.T) {
	want := stamp{intended: 1<<62 + 12345, sent: 1<<62 + 99999, sender: 0xffffffff, seq: 1<<40 + 7}
	b := make([]byte, stampSize)
	want.encode(b)
	if got, err := decodeStamp(b); err != nil || got != want {
		t.Fatalf("got %+v, %v; want %+v", got, err, want)
	}
}

func TestRejectsShortAndNonHexMessages(t *testing.T) {
	for _, m := range []string{"", "hello", throngStamp[:55], strings.Replace(throngStamp, "1f", "1g", 1),
		strings.Repeat(" ", 64)} {
		if _, err := decodeStamp([]byte(m)); err == nil {
			t.Errorf("%q decoded without error", m)
		}
	}
}
