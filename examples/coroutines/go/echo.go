// Echo server in Go: a goroutine per connection, blocking calls, the runtime's netpoller underneath.
// Run: go run echo.go [PORT]   (prints "listening PORT")
package main

import (
	"fmt"
	"io"
	"net"
	"os"
)

func main() {
	port := "0"
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	listener, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("listening", listener.Addr().(*net.TCPAddr).Port)
	for {
		conn, err := listener.Accept()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		go func() {
			defer conn.Close()
			io.Copy(conn, conn) // a blocked read parks the goroutine, not the thread
		}()
	}
}
