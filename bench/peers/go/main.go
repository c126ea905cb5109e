// Go net/http peer: GET /plaintext and GET /json (encoding/json per request).
// Standard library only, so it builds offline without modules:
//   GO111MODULE=off go build -o go-peer main.go && ./go-peer -port 8084
package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"strconv"
)

type message struct {
	Message string `json:"message"`
}

var hello = []byte("Hello, World!")

func plaintext(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.Header().Set("Content-Length", "13")
	w.Write(hello)
}

func jsonHandler(w http.ResponseWriter, r *http.Request) {
	body, err := json.Marshal(message{Message: "Hello, World!"})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func main() {
	port := flag.Int("port", 8084, "port on 127.0.0.1")
	flag.Parse()
	mux := http.NewServeMux()
	mux.HandleFunc("/plaintext", plaintext)
	mux.HandleFunc("/json", jsonHandler)
	log.Fatal(http.ListenAndServe("127.0.0.1:"+strconv.Itoa(*port), mux))
}
