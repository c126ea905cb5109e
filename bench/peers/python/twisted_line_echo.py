#!/usr/bin/python3
"""Twisted line echo for bench/line-echo: LineReceiver on the epoll reactor, every line sent back.

Run:  /usr/bin/python3 twisted_line_echo.py --port 7008 [--procs N]
delimiter b"\\n" and MAX_LENGTH 1024, as the other servers of the bench (a longer line ends the connection).
--procs N forks N processes sharing one pre-bound listening socket, as twisted_peer.py does.
"""
import argparse
import os
import socket


def serve(listener):
    from twisted.internet import epollreactor

    epollreactor.install()  # after fork: one reactor per process
    from twisted.internet import reactor
    from twisted.internet.protocol import Factory
    from twisted.protocols.basic import LineReceiver

    class Echo(LineReceiver):
        delimiter = b"\n"
        MAX_LENGTH = 1024

        def lineReceived(self, line):
            self.sendLine(line)

        def lineLengthExceeded(self, line):
            self.transport.abortConnection()

    factory = Factory.forProtocol(Echo)
    factory.noisy = False
    reactor.adoptStreamPort(listener.fileno(), socket.AF_INET, factory)
    listener.close()  # the reactor keeps its own copy of the descriptor
    reactor.run()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7008)
    p.add_argument("--procs", type=int, default=1)
    a = p.parse_args()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((a.host, a.port))
    listener.listen(4096)
    listener.setblocking(False)
    for _ in range(a.procs - 1):
        if os.fork() == 0:
            break
    serve(listener)


if __name__ == "__main__":
    main()
