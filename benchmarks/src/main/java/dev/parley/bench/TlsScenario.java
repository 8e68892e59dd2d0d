package dev.parley.bench;

import picocli.CommandLine.Command;

import java.util.List;

/** Reference (2): the raw TLS throughput of one JSSE socket pair on loopback, the ceiling for bytes. */
@Command(name = "tls",
        description = {"Raw TLS loopback throughput of one JSSE socket pair in this JVM (TLS 1.3, 16 KiB writes): "
                + "the ceiling for bytes. --runs windows of 2 s after 1 s of warm-up."})
final class TlsScenario extends ScenarioCommand {
    private static final int SECONDS = 2;

    @Override
    public void run(Session session) throws Exception {
        List<Window> w = measure(session);
        double megabytesPerSecond = Report.median(w, "delivered MB/s");
        double cpuPerMb = Report.median(w, "generator CPU cores") * 1000 / megabytesPerSecond;
        session.report().add("tls pair", "MB/s (CPU ms/MB, both ends)", Report.num(megabytesPerSecond) + " ("
                + Report.num(cpuPerMb) + ")", "ceiling for bytes", "");
    }

    /** Measures and prints the pair's throughput, and keeps it in the session for the voice scenario's ratio. */
    static List<Window> measure(Session session) throws Exception {
        List<Window> w = TlsLoopback.measure(SECONDS, session.runs());
        Report.printPhase("TLS loopback, one JSSE socket pair in one JVM", w,
                Report.list("delivered MB/s", "generator CPU cores"));
        session.tlsPairMegabytesPerSecond(Report.median(w, "delivered MB/s"));
        return w;
    }
}
