#!/usr/bin/python3
"""gunicorn + gevent peer: one WSGI app with GET /plaintext and GET /json (json.dumps per request).

Run:  /usr/bin/python3 -m gunicorn -k gevent -w 2 --worker-connections 20000 -b 127.0.0.1:8087 \\
          --chdir bench/peers/python gevent_peer:app
"""
import json

HELLO = b"Hello, World!"


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/plaintext":
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(HELLO)))])
        return [HELLO]
    if path == "/json":
        body = json.dumps({"message": "Hello, World!"}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]
    start_response("404 Not Found", [("Content-Length", "0")])
    return []
