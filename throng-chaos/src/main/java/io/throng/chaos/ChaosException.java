package io.throng.chaos;

/**
 * A refusal the API reports as it is: toxiproxy's message and HTTP status ("proxy not found", 404;
 * "proxy already exists", 409; ...).
 */
public final class ChaosException extends RuntimeException {
    private final int status;

    public ChaosException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static ChaosException proxyNotFound() {
        return new ChaosException(404, "proxy not found");
    }

    static ChaosException proxyExists() {
        return new ChaosException(409, "proxy already exists");
    }

    static ChaosException toxicNotFound() {
        return new ChaosException(404, "toxic not found");
    }

    static ChaosException toxicExists() {
        return new ChaosException(409, "toxic already exists");
    }
}
