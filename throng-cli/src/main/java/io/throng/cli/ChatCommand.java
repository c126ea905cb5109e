package io.throng.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code throng chat}: the instant-messaging server, Throng's main job. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Run the chat server at http://localhost:8080 (coming: the chat module has not landed yet).")
final class ChatCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(
                "throng chat is coming: the chat server lands with its own issue. "
                        + "See README.md for what works today.");
    }
}
