package io.throng.mongrel.wire;

import java.nio.charset.StandardCharsets;

/** Messages captured verbatim from Mongrel2 1.12.2 (research note mongrel2-zeromq.md, §1.2-§1.6, §1.10). */
final class Captures {
    private Captures() {}

    static final String TNS_GET = "34f9ceee-cd52-4b7f-b197-88bf2f0ec378 1 /tns/hello 289:11:REMOTE_ADDR,9:127.0.0.1,"
            + "6:METHOD,3:GET,10:URL_SCHEME,4:http,7:PATTERN,5:/tns/,5:QUERY,7:x=1&y=2,3:URI,18:/tns/hello?x=1&y=2,"
            + "7:VERSION,8:HTTP/1.1,4:PATH,10:/tns/hello,4:host,14:127.0.0.1:6767,10:user-agent,11:curl/7.88.1,"
            + "6:accept,3:*/*,15:x-forwarded-for,9:127.0.0.1,6:x-test,8:1:a,1:b,]}0:,";

    static final String JSON_POST = "c0ffee00-cd52-4b7f-b197-88bf2f0ec378 2 /json/p 322:{\"PATH\":\"/json/p\","
            + "\"x-forwarded-for\":\"127.0.0.1\",\"content-type\":\"application/x-www-form-urlencoded\","
            + "\"content-length\":\"7\",\"accept\":\"*/*\",\"user-agent\":\"curl/7.88.1\",\"host\":\"127.0.0.1:6767\","
            + "\"METHOD\":\"POST\",\"VERSION\":\"HTTP/1.1\",\"URI\":\"/json/p?q=1\",\"QUERY\":\"q=1\",\"PATTERN\":\"/json/\","
            + "\"URL_SCHEME\":\"http\",\"REMOTE_ADDR\":\"127.0.0.1\"},7:a=1&b=2,";

    static final String UUID = "34f9ceee-cd52-4b7f-b197-88bf2f0ec378";

    static final String JSON_DISCONNECT = UUID + " 5 @* 17:{\"METHOD\":\"JSON\"},21:{\"type\":\"disconnect\"},";
    static final String TNS_DISCONNECT = UUID + " 5 @* 16:6:METHOD,4:JSON,}21:{\"type\":\"disconnect\"},";

    static final String BROADCAST = UUID + " 3:7 8, HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nbroadcast";
    static final String CLOSE_BOTH = UUID + " 3:7 8, ";
    static final String CTL_CREDITS = UUID + " 4:X 12, 28:3:ctl,18:7:credits,5:65536#}]";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
