package io.throng.chaos.api;

import io.throng.chaos.ChaosException;

/** toxiproxy's 400s: "bad request body: ...", "missing required field: ...", and the toxic's own. */
final class BadRequest {
    private BadRequest() {}

    static ChaosException body(String why) {
        return new ChaosException(400, "bad request body: " + why);
    }

    static ChaosException missing(String field) {
        return new ChaosException(400, "missing required field: " + field);
    }

    static ChaosException invalidStream() {
        return new ChaosException(400, "stream was invalid, can be either upstream or downstream");
    }

    static ChaosException invalidType() {
        return new ChaosException(400, "invalid toxic type");
    }
}
