/**
 * The {@code throng} command.
 *
 * <p>One picocli subcommand per capability and nothing else: each subcommand parses its options and
 * hands off to the module that does the work. Exit codes mean the same everywhere (see {@link
 * io.throng.cli.ExitCodes}); errors go to stderr as one line, with the stack trace only under
 * {@code --verbose}.
 *
 * <p>Options that several server commands share are picocli mixins, one file each ({@code
 * WorkersOption}, {@code GraceOption}, {@code TlsOptions}, {@code HttpRedirectOption}). With
 * {@code --workers N} a command's process becomes a pre-fork master whose workers run the arguments
 * the user typed, every option and {@code --verbose} included, less {@code --workers} and the hidden
 * options the master sets itself ({@link io.throng.net.WorkerArgs}); {@code WorkerCommandTest} checks
 * that no option is lost.
 *
 * <p>The {@code load} subcommands share one {@code call()} ({@code LoadSubcommand}) and their options
 * the same way: {@code LoadOptions} (processes, targets, reports, thresholds) for all three,
 * {@code ShapeOptions} (connections, duration, rate, pipeline) for http and ws, {@code ThreadsOption}
 * for http and chat. An option stays in its command where its meaning is that command's own.
 *
 * <p>{@code chaos serve} hands its options to {@code io.throng.chaos.api.ChaosServer}, which assembles
 * the proxies and the API and owns their close order; the other {@code chaos} subcommands are clients
 * of the API ({@code ChaosApiOptions} says where it is, {@code io.throng.chaos.api.ChaosClient} calls
 * it), with toxiproxy-cli's verbs and flags.
 */
package io.throng.cli;
