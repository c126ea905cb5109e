/**
 * The {@code throng} command. It exports nothing: it is run, not programmed against. The runnable jar
 * (target/throng.jar, shaded) runs on the class path and leaves this descriptor out.
 */
module io.throng.cli {
    requires io.throng.net;
    requires io.throng.websocket;
    requires io.throng.http;
    requires io.throng.chaos;
    requires io.throng.mongrel;
    requires io.throng.chat;
    requires io.throng.load;
    requires io.throng.packet;
    requires info.picocli;
    requires jdk.jfr; // --jfr FILE: a Recording of Throng's events

    // picocli sets the commands' option fields; Jackson writes bench-server's /json record.
    opens io.throng.cli to info.picocli, com.fasterxml.jackson.databind;
}
