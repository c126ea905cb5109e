package io.throng.mongrel.front;

import java.nio.charset.StandardCharsets;

/** The few responses the gateway writes itself on a relayed connection; all close it. */
final class Answers {

    static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");

    private Answers() {}

    static byte[] status(int status, String reason, String text) {
        return ascii("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + (text.length() + 1) + "\r\nConnection: close\r\n\r\n" + text + "\n");
    }

    static byte[] status(int status, String text) {
        return status(status, reason(status), text);
    }

    /** Sends a client back to a fresh connection, where throng-http serves the static file. */
    static byte[] redirectToFreshConnection(String target) {
        return ascii("HTTP/1.1 307 Temporary Redirect\r\nLocation: " + target
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 417 -> "Expectation Failed";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Error";
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
