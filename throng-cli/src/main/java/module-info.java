/**
 * The {@code throng} command. It exports nothing: it is run, not programmed against (the runnable jar
 * runs on the class path).
 */
module io.throng.cli {
    requires io.throng.chat;
    requires io.throng.load;
    requires io.throng.mongrel;
    requires info.picocli;

    // picocli sets the commands' option fields; Jackson writes bench-server's /json record.
    opens io.throng.cli to info.picocli, com.fasterxml.jackson.databind;
}
