package io.throng.http;

/** Reason phrases and pre-encoded status lines for the statuses a server commonly sends. */
final class Status {
    /** Built once at class initialisation, so every thread sees complete lines without synchronising. */
    private static final byte[][] LINES = new byte[600][];

    static {
        for (int code = 100; code < LINES.length; code++) {
            LINES[code] = Ascii.bytes("HTTP/1.1 " + code + " " + reason(code) + "\r\n");
        }
    }

    static String reason(int code) {
        return switch (code) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + code;
        };
    }

    /** "HTTP/1.1 200 OK\r\n" as bytes. */
    static byte[] line(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status out of range: " + code);
        }
        return LINES[code];
    }

    private Status() {}
}
