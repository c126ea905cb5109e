// Command udpecho is bench/udp's Go peer: a UDP echo server in the usual shape, one goroutine looping over
// net.ListenUDP's ReadFromUDP and WriteToUDP (every datagram back to its sender).
//
// Build: GO111MODULE=off go build -o udpecho main.go; run: udpecho -port 7009
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
)

func main() {
	port := flag.Int("port", 7009, "UDP port on 127.0.0.1")
	flag.Parse()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: *port})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("udp echo on %d\n", *port)
	buf := make([]byte, 65536)
	for {
		n, from, err := c.ReadFromUDP(buf)
		if err != nil {
			log.Fatal(err)
		}
		c.WriteToUDP(buf[:n], from) // a send that fails loses the datagram, as UDP may
	}
}
