package io.throng.mongrel.zmtp;

import java.io.IOException;

/** A peer broke ZMTP (or asked for something this side does not speak): the connection must be closed. */
public final class ZmtpException extends IOException {

    public ZmtpException(String message) {
        super(message);
    }
}
