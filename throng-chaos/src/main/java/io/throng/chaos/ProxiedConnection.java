package io.throng.chaos;

/**
 * One connection a TCP or HTTP proxy carries: a {@link Link} (bytes through stream toxics) or an
 * {@link HttpLink} (requests through HTTP toxics). The proxy starts it, counts what it holds, tells it
 * when the toxics change, and closes it.
 */
sealed interface ProxiedConnection permits Link, HttpLink {
    void start(String name);

    /** The toxics changed: look again at once. */
    void kick();

    /** Bytes read and not yet written: never more than a bound per connection. */
    long buffered();

    /** Closes both sockets; idempotent. */
    void close();
}
