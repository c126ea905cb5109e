#!/usr/bin/python3
"""Twisted line echo for bench/line-echo: LineReceiver on the epoll reactor, every line sent back.

Run:  /usr/bin/python3 twisted_line_echo.py --port 7008 [--procs N]
delimiter b"\\n" and MAX_LENGTH 1024, as the other servers of the bench (a longer line ends the connection).
--procs N forks N processes sharing one pre-bound listening socket (twisted_peer.prefork).
"""
import socket

from twisted_peer import prefork  # the listener shared by --procs processes, as bench/http runs Twisted


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
    serve(prefork(7008))


if __name__ == "__main__":
    main()
