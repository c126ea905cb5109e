package io.throng.websocket;

/** Which end of the connection we are: it decides the masking direction and who closes TCP first. */
public enum Role {
    CLIENT,
    SERVER
}
