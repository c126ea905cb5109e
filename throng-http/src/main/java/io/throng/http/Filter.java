package io.throng.http;

/** Wraps handlers: does something before and/or after calling {@code next} (or answers instead). */
@FunctionalInterface
public interface Filter {
    void filter(Request request, Response response, Handler next) throws Exception;

    /** This filter around {@code handler}. */
    default Handler around(Handler handler) {
        return (req, res) -> filter(req, res, handler);
    }
}
