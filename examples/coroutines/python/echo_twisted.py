"""Echo server with Twisted: a Protocol whose methods the reactor calls.

No coroutine at all: the reactor owns the loop and calls dataReceived with whatever bytes arrived;
transport.write queues them and the reactor sends them when the socket can take them.

Run: /usr/bin/python3 echo_twisted.py [PORT]   (prints "listening PORT")
"""
import sys

from twisted.internet import protocol, reactor


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    factory = protocol.Factory.forProtocol(Echo)
    listening = reactor.listenTCP(port, factory, backlog=1024, interface="127.0.0.1")
    print("listening", listening.getHost().port, flush=True)
    reactor.run()


if __name__ == "__main__":
    main()
