/**
 * Static files: {@link io.throng.http.files.StaticFiles} serves a directory with validators (ETag from
 * size and modification time, Last-Modified), conditional GET (If-None-Match before If-Modified-Since),
 * byte ranges with If-Range (several ranges as multipart/byteranges, with limits against amplification),
 * and content types by extension.
 *
 * <p>Invariant: no request reaches a file outside the root. The path is percent-decoded once; NUL,
 * backslash, ".." and hidden segments are refused; the resolved path must start with the root both
 * lexically and after following symbolic links.
 */
package io.throng.http.files;
