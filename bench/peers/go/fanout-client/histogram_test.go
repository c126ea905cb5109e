package main

import (
	"math/rand"
	"testing"
)

func TestBucketsTileTheRangeWithoutGaps(t *testing.T) {
	for i := 0; i < buckets-1; i++ {
		if b := bucketOf(highest(i)); b != i {
			t.Fatalf("highest(%d) = %d falls in bucket %d", i, highest(i), b)
		}
		if b := bucketOf(highest(i) + 1); b != i+1 {
			t.Fatalf("highest(%d)+1 = %d falls in bucket %d, want %d", i, highest(i)+1, b, i+1)
		}
	}
}

func TestUpperBoundNeverUnderstatesAndStaysWithinOneSixtyFourth(t *testing.T) {
	rng := rand.New(rand.NewSource(18))
	for n := 0; n < 200000; n++ {
		v := uint64(rng.Int63n(1 << uint(1+rng.Intn(46))))
		hi := highest(bucketOf(v))
		if hi < v || float64(hi-v) > float64(v)/64 {
			t.Fatalf("value %d reported as %d", v, hi)
		}
	}
}

func TestSmallValuesAreExact(t *testing.T) {
	var h histogram
	for v := uint64(0); v < 128; v++ {
		h.record(v)
	}
	if p := h.percentile(50); p != 63 {
		t.Fatalf("p50 of 0..127 = %d, want 63", p)
	}
	if p := h.percentile(100); p != 127 {
		t.Fatalf("p100 of 0..127 = %d, want 127", p)
	}
}

func TestPercentilesOfAUniformSpread(t *testing.T) {
	var h histogram
	for v := uint64(1); v <= 100000; v++ {
		h.record(v)
	}
	for _, c := range []struct {
		p    float64
		want uint64
	}{{50, 50000}, {99, 99000}, {99.9, 99900}} {
		got := h.percentile(c.p)
		if got < c.want || float64(got-c.want) > float64(c.want)/64 {
			t.Errorf("p%v = %d, want %d within 1/64 above", c.p, got, c.want)
		}
	}
}

func TestOneOutlierIsTheExactMaximumNotItsBucketsBound(t *testing.T) {
	var h histogram
	for i := 0; i < 999; i++ {
		h.record(10)
	}
	h.record(1000001)
	if p := h.percentile(99.9); p != 10 {
		t.Fatalf("p99.9 = %d, want 10 (999 of 1000 values are 10)", p)
	}
	if p := h.percentile(100); p != 1000001 {
		t.Fatalf("p100 = %d, want the exact max 1000001", p)
	}
}

func TestHugeValuesLandInTheLastBucketAndKeepTheirMax(t *testing.T) {
	var h histogram
	h.record(1 << 62)
	if b := bucketOf(1 << 62); b != buckets-1 {
		t.Fatalf("2^62 in bucket %d, want the last, %d", b, buckets-1)
	}
	if p := h.percentile(50); p != 1<<62 {
		t.Fatalf("p50 = %d, want 2^62", p)
	}
}

func TestEmptyHistogramReportsZero(t *testing.T) {
	var h histogram
	if p := h.percentile(99); p != 0 {
		t.Fatalf("p99 of nothing = %d", p)
	}
}
