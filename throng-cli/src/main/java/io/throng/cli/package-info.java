/**
 * The {@code throng} command.
 *
 * <p>One picocli subcommand per capability and nothing else: each subcommand parses its options and
 * hands off to the module that does the work. Exit codes mean the same everywhere (see {@link
 * io.throng.cli.ExitCodes}); errors go to stderr as one line, with the stack trace only under
 * {@code --verbose}.
 */
package io.throng.cli;
