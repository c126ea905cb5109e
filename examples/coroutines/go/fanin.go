// Fan-in with select in Go: the original. A closed channel is set to nil so select stops choosing it.
// Run: go run fanin.go [COUNT]   (prints "NAME K" per message, then "done TOTAL")
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func produce(name string, count int) chan string {
	ch := make(chan string, 16)
	go func() {
		for k := 0; k < count; k++ {
			ch <- fmt.Sprintf("%s %d", name, k)
		}
		close(ch)
	}()
	return ch
}

func main() {
	count := 1000
	if len(os.Args) > 1 {
		count, _ = strconv.Atoi(os.Args[1])
	}
	a, b, c := produce("a", count), produce("b", count), produce("c", count)
	total := 0
	for a != nil || b != nil || c != nil {
		select {
		case m, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			fmt.Println(m)
		case m, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			fmt.Println(m)
		case m, ok := <-c:
			if !ok {
				c = nil
				continue
			}
			fmt.Println(m)
		case <-time.After(5 * time.Second):
			fmt.Println("timeout")
			os.Exit(1)
		}
		total++
	}
	fmt.Println("done", total)
}
