// Package chanbench measures Go's channels in the same shapes as bench/jmh (PingPong, Buffered,
// SelectFanIn, Parallel), so that bench/channels can put Go, measured on the same machine at the
// same time, next to Throng and jox. One benchmark op is one message, as in the JMH scores.
package chanbench

import (
	"sync"
	"testing"
)

// pingPong: two goroutines bounce a value over two unbuffered channels; a round trip is two messages.
func BenchmarkPingPong(b *testing.B) {
	ping, pong := make(chan int), make(chan int)
	trips := b.N / 2
	if trips == 0 {
		trips = 1
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < trips; i++ {
			ping <- 42
			<-pong
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < trips; i++ {
			pong <- <-ping
		}
	}()
	wg.Wait()
}

// Buffered: one producer and one consumer over one buffered(1024) channel.
func BenchmarkBuffered(b *testing.B) {
	ch := make(chan int, 1024)
	done := make(chan struct{})
	go func() {
		for i := 0; i < b.N; i++ {
			<-ch
		}
		close(done)
	}()
	for i := 0; i < b.N; i++ {
		ch <- 42
	}
	<-done
}

// SelectFanIn: four producers, each on its own unbuffered channel; one consumer selects over all four.
func BenchmarkSelectFanIn(b *testing.B) {
	const producers = 4
	per := b.N / producers
	if per == 0 {
		per = 1
	}
	var chs [producers]chan int
	for i := range chs {
		chs[i] = make(chan int)
		go func(ch chan int) {
			for j := 0; j < per; j++ {
				ch <- 42
			}
		}(chs[i])
	}
	sum := 0
	for i := 0; i < producers*per; i++ {
		select {
		case v := <-chs[0]:
			sum += v
		case v := <-chs[1]:
			sum += v
		case v := <-chs[2]:
			sum += v
		case v := <-chs[3]:
			sum += v
		}
	}
	if sum != 42*producers*per {
		b.Fatalf("select lost or duplicated messages: sum %d", sum)
	}
}

// Parallel: 10,000 producer/consumer pairs, each with its own buffered(16) channel, all at once.
func BenchmarkParallel(b *testing.B) {
	const pairs = 10000
	per := b.N / pairs
	if per == 0 {
		per = 1
	}
	var wg sync.WaitGroup
	wg.Add(2 * pairs)
	for p := 0; p < pairs; p++ {
		ch := make(chan int, 16)
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				ch <- 42
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < per; i++ {
				<-ch
			}
		}()
	}
	wg.Wait()
}
