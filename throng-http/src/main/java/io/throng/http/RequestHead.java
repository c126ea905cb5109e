package io.throng.http;

/**
 * A parsed, validated request line and header section, with the framing facts the engine needs.
 *
 * @param method request method as sent (case-sensitive)
 * @param target request-target as sent
 * @param path path part of the target, still percent-encoded; "*" for asterisk-form
 * @param query query part without '?', or null
 * @param minorVersion 0 for HTTP/1.0, 1 for HTTP/1.1 (and later 1.x)
 * @param headers the header fields
 * @param contentLength declared body length, or -1
 * @param chunked the body uses chunked transfer coding
 * @param keepAlive the connection may carry another request after this one
 * @param expectContinue the client waits for 100 Continue before sending the body
 * @param host the authority the request is for (absolute-form wins over Host)
 */
public record RequestHead(String method, String target, String path, String query, int minorVersion,
                   Headers headers, long contentLength, boolean chunked, boolean keepAlive,
                   boolean expectContinue, String host) {
}
