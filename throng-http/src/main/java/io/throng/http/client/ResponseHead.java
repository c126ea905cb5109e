package io.throng.http.client;

import io.throng.http.Headers;

/**
 * A parsed response head and how its body is framed.
 *
 * @param bodyLength the body's length, 0 when it has none, or -1 when chunked or read until close
 * @param chunked    Transfer-Encoding: chunked
 * @param keepAlive  the connection may carry another request once this body has been read
 */
record ResponseHead(int status, int minor, Headers headers, long bodyLength, boolean chunked, boolean keepAlive) {}
