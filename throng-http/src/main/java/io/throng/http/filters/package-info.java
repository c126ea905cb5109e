/**
 * Ready-made {@link io.throng.http.Filter}s: {@link io.throng.http.filters.AccessLog} (Combined Log
 * Format), {@link io.throng.http.filters.Cors} (preflight and simple requests),
 * {@link io.throng.http.filters.Gzip} (buffered, compressible bodies only) and
 * {@link io.throng.http.filters.Hsts} (Strict-Transport-Security on responses over TLS). Filters run around the
 * handler on the request's thread and change the response before it is committed; they never see
 * streamed bodies.
 */
package io.throng.http.filters;
