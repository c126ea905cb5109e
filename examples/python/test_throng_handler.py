"""Unit tests for throng_handler: run with /usr/bin/python3 -m unittest (JUnit runs them too)."""
import unittest

from throng_handler import (Request, ProtocolError, tns_dump, tns_parse, reply_message, websocket_frame,
                            websocket_accept, http_response, MAX_IDENTS)

TNS_GET = (b"34f9ceee-cd52-4b7f-b197-88bf2f0ec378 1 /tns/hello 289:11:REMOTE_ADDR,9:127.0.0.1,6:METHOD,3:GET,"
           b"10:URL_SCHEME,4:http,7:PATTERN,5:/tns/,5:QUERY,7:x=1&y=2,3:URI,18:/tns/hello?x=1&y=2,7:VERSION,"
           b"8:HTTP/1.1,4:PATH,10:/tns/hello,4:host,14:127.0.0.1:6767,10:user-agent,11:curl/7.88.1,6:accept,"
           b"3:*/*,15:x-forwarded-for,9:127.0.0.1,6:x-test,8:1:a,1:b,]}0:,")
JSON_DISCONNECT = b'34f9ceee-cd52-4b7f-b197-88bf2f0ec378 5 @* 17:{"METHOD":"JSON"},21:{"type":"disconnect"},'
TNS_DISCONNECT = b'34f9ceee-cd52-4b7f-b197-88bf2f0ec378 5 @* 16:6:METHOD,4:JSON,}21:{"type":"disconnect"},'


class RequestTest(unittest.TestCase):

    def test_tnetstring_request_from_mongrel2(self):
        r = Request.parse(TNS_GET)
        self.assertEqual(r.conn_id, 1)
        self.assertEqual(r.method, "GET")
        self.assertEqual(r.headers["x-test"], ["a", "b"])
        self.assertEqual(r.headers["QUERY"], "x=1&y=2")
        self.assertEqual(r.body, b"")

    def test_disconnect_in_both_formats(self):
        for raw in (JSON_DISCONNECT, TNS_DISCONNECT):
            self.assertTrue(Request.parse(raw).is_disconnect())

    def test_credits_notice_and_budget(self):
        notice = Request.parse(b's 7 @* 43:{"METHOD":"JSON","DOWNLOAD_CREDITS":"8192"},18:{"type":"credits"},')
        self.assertTrue(notice.is_credits())
        self.assertFalse(notice.is_disconnect())
        self.assertEqual(notice.download_credits(), 8192)
        first = Request.parse(b's 7 /d 56:{"METHOD":"GET","PATH":"/d","DOWNLOAD_CREDITS":"102400"},0:,')
        self.assertFalse(first.is_credits())
        self.assertEqual(first.download_credits(), 102400)

    def test_binary_body_is_untouched(self):
        body = bytes(range(256))
        raw = b"s 3 /bin 17:{\"METHOD\":\"POST\"}," + str(len(body)).encode() + b":" + body + b","
        self.assertEqual(Request.parse(raw).body, body)

    def test_hostile_input_raises_protocol_errors(self):
        for raw in (b"", b"s 1 /p", b"s x /p 2:{},0:,", b"s 1 /p 999999999:{},0:,", b"s 1 /p 2:{},0:,junk",
                    TNS_GET[:-1], TNS_GET[:100]):
            with self.assertRaises((ProtocolError, ValueError)):
                Request.parse(raw)


class ReplyTest(unittest.TestCase):

    def test_broadcast_bytes_match_mongrel2s_grammar(self):
        self.assertEqual(reply_message("abc", [7, 8], b"hi"), b"abc 3:7 8, hi")
        self.assertEqual(reply_message("abc", [7, 8], b""), b"abc 3:7 8, ")
        with self.assertRaises(ValueError):
            reply_message("abc", list(range(MAX_IDENTS + 1)), b"x")

    def test_websocket_frames_are_bytes_not_utf8_mangled(self):
        self.assertEqual(websocket_frame(b"hello ws"), b"\x81\x08hello ws")
        self.assertEqual(websocket_frame(b"x" * 200, 2)[:4], b"\x82\x7e\x00\xc8")
        self.assertEqual(len(websocket_frame(b"x" * 70000)), 70000 + 10)
        self.assertEqual(websocket_accept("dGhlIHNhbXBsZSBub25jZQ=="), b"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")

    def test_control_port_tnetstrings_round_trip(self):
        for raw in (b"26:6:status,13:4:what,3:net,}]", b"28:3:ctl,18:7:credits,5:65536#}]"):
            value, end = tns_parse(raw)
            self.assertEqual(end, len(raw))
            self.assertEqual(tns_dump(value), raw)

    def test_http_response_sets_content_length(self):
        self.assertEqual(http_response(b"ok"), b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")


if __name__ == "__main__":
    unittest.main()
