package main

import (
	"math"
	"math/bits"
	"sync/atomic"
)

// histogram counts non-negative values (microseconds here) in log-linear buckets, as HdrHistogram does: values
// below 128 each have a bucket of their own, and every power-of-two range above is split into 64 equal buckets,
// so a bucket is never wider than 1/64 of its lower bound (under 1.6% relative error). Ten thousand receiver
// goroutines record into one histogram, so the counts are atomic instead of a histogram per connection
// (10,000 of those would be ~40 MB and a merge).
type histogram struct {
	counts [buckets]atomic.Uint64
	total  atomic.Uint64
	max    atomic.Uint64
}

const (
	subBits = 7
	sub     = 1 << subBits // values below this are exact
	half    = sub / 2      // buckets per power of two above
	// maxShift bounds the range at 2^(maxShift+subBits) µs (about 2.2 × 10^9 s); larger values land in the last
	// bucket, and max still records them exactly.
	maxShift = 40
	buckets  = (maxShift+1)*half + half
)

func bucketOf(v uint64) int {
	if v < sub {
		return int(v)
	}
	shift := bits.Len64(v) - subBits // >= 1
	if shift > maxShift {
		return buckets - 1
	}
	return shift*half + int(v>>uint(shift)) // v>>shift is in [half, sub)
}

// highest is the largest value that falls into bucket i: percentiles are reported as this upper bound, so they
// never understate.
func highest(i int) uint64 {
	if i < sub {
		return uint64(i)
	}
	shift := i/half - 1
	m := uint64(i%half + half)
	return (m+1)<<uint(shift) - 1
}

func (h *histogram) record(v uint64) {
	h.counts[bucketOf(v)].Add(1)
	h.total.Add(1)
	for {
		m := h.max.Load()
		if v <= m || h.max.CompareAndSwap(m, v) {
			return
		}
	}
}

// percentile is the upper bound of the bucket holding the p-th percentile (0 < p <= 100), capped at the exact
// maximum; 0 when nothing was recorded.
func (h *histogram) percentile(p float64) uint64 {
	n := h.total.Load()
	if n == 0 {
		return 0
	}
	// The tolerance keeps float rounding (0.999 × 1000 = 999.0000000000001) from skipping a rank.
	rank := uint64(math.Ceil(p/100*float64(n) - 1e-9))
	if rank < 1 {
		rank = 1
	}
	var seen uint64
	for i := range h.counts {
		seen += h.counts[i].Load()
		if seen >= rank {
			if v := highest(i); v < h.max.Load() && i < buckets-1 { // the last bucket is unbounded
				return v
			}
			return h.max.Load()
		}
	}
	return h.max.Load()
}
