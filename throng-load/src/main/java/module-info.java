/**
 * The load generator: closed and open (coordinated-omission-corrected) models, HdrHistogram reports,
 * multi-process fleets.
 */
module io.throng.load {
    requires io.throng.websocket;
    requires transitive com.fasterxml.jackson.databind;
    requires transitive HdrHistogram; // reports and samples carry Histograms

    // LoadRunner, HttpWorkload, LoadShape, LoadReport, Thresholds: run an HTTP load test and report it.
    exports io.throng.load;
    // The three workloads' plug-ins (http, ws, chat): run by the CLI's load commands only.
    exports io.throng.load.http to io.throng.cli;
    exports io.throng.load.ws to io.throng.cli;
    exports io.throng.load.chat to io.throng.cli;
    // io.throng.load.procs (worker processes) stays inside.

    // Worker specs and samples cross the parent-worker pipe as JSON records.
    opens io.throng.load to com.fasterxml.jackson.databind;
    opens io.throng.load.procs to com.fasterxml.jackson.databind;
    opens io.throng.load.ws to com.fasterxml.jackson.databind;
    opens io.throng.load.chat to com.fasterxml.jackson.databind;
}
