package dev.parley.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * Voice-clip load: R receivers and S senders in one room at max rate, on the relay then on each reference server,
 * against the TLS pair's ceiling.
 */
@Command(name = "voice",
        description = {"R receivers + S senders in one room, 320 kB WAV clips in binary frames at max rate, against "
                + "the Parley relay then the bare Netty server; measures the TLS pair (the ceiling for bytes) first."})
final class VoiceScenario extends ScenarioCommand {
    /** The servers that get the same load after the relay, for comparison. */
    private static final List<Target> REFERENCES = List.of(Targets.BARE_NETTY);
    private static final List<String> FIGURES = Report.list("sent/s", "delivered/s", "delivered MB/s",
            "latency p50 ms", "latency p99 ms", "latency max ms", "server CPU ms/MB", "server CPU cores",
            "server kernel share %", "generator CPU cores", "order errors");

    @Option(names = "--receivers", paramLabel = "R", description = "Members that only receive (default: ${DEFAULT-VALUE}).")
    int receivers = 20;

    @Option(names = "--senders", paramLabel = "S", description = "Members that send (default: ${DEFAULT-VALUE}).")
    int senders = 2;

    @Option(names = "--window", paramLabel = "N",
            description = "Clips each sender keeps unacknowledged (default: ${DEFAULT-VALUE}).")
    int window = 2;

    @Option(names = "--bytes", paramLabel = "BYTES", description = "Size of a WAV clip (default: ${DEFAULT-VALUE}).")
    int bytes = 320_044;

    /** What one server did: its name, engine and windows. */
    private record Runs(String name, String engine, List<Window> windows) {
        double median(String figure) {
            return Report.median(windows, figure);
        }
    }

    @Override
    public void run(Session session) throws Exception {
        if (Double.isNaN(session.tlsPairMegabytesPerSecond()) && session.servers().startsRelay()) {
            TlsScenario.measure(session);
        }
        Traffic.Setup setup = new Traffic.Setup(Traffic.Kind.VOICE, receivers, senders, false, bytes);
        Runs parley = runOn(Targets.PARLEY_RELAY, session, setup, "max rate (window " + window + "/sender)");
        List<Runs> references = new ArrayList<>();
        for (Target reference : session.references(REFERENCES)) {
            references.add(runOn(reference, session, setup, "max rate"));
        }
        summarise(session.report(), parley, references, session.tlsPairMegabytesPerSecond());
    }

    private Runs runOn(Target target, Session session, Traffic.Setup setup, String load) throws Exception {
        try (ChildServer server = target.start(session.servers());
             TrafficLoad t = target.traffic(server, setup)) {
            String engine = Report.engine(server, t.tlsSession());
            List<Window> windows = t.run(window, 0, session.warmup(), session.seconds(), session.runs());
            Report.printPhase("voice, " + target.title() + ", " + load + ", " + receivers + " receivers + " + senders
                    + " senders, " + bytes + "-byte clips", windows, FIGURES);
            return new Runs(server.name, engine, windows);
        }
    }

    private void summarise(Report report, Runs parley, List<Runs> references, double tlsPair) {
        String sc = "voice " + receivers + "+" + senders;
        report.add(sc, "server engine", parley.engine(), Report.references(references, r -> r.name() + ": " + r.engine()), "");
        double mbs = parley.median("delivered MB/s");
        double cpu = parley.median("server CPU ms/MB");
        report.add(sc, "delivered MB/s", Report.num(mbs), references.stream().map(r -> r.name() + " "
                        + Report.num(r.median("delivered MB/s")) + " (" + Report.ratio(mbs, r.median("delivered MB/s"))
                        + "); ").reduce("", String::concat)
                        + "TLS pair " + Report.num(tlsPair) + " (" + Report.ratio(mbs, tlsPair) + ")", "");
        report.add(sc, "relay CPU ms per delivered MB", Report.num(cpu), Report.references(references, r -> r.name() + " "
                        + Report.num(r.median("server CPU ms/MB")) + " (" + Report.ratio(cpu, r.median("server CPU ms/MB")) + ")"),
                Double.isNaN(cpu) ? "<= 0.7 ms (relay CPU not visible)" : "<= 0.7 ms " + Report.met(cpu <= 0.7));
        report.add(sc, "clip latency p50/p99 ms", Report.num(parley.median("latency p50 ms")) + " / "
                + Report.num(parley.median("latency p99 ms")), Report.references(references, r -> r.name() + " "
                + Report.num(r.median("latency p50 ms")) + " / " + Report.num(r.median("latency p99 ms"))), "");
        report.add(sc, "order errors (seq not last+1)", Report.num(Window.orderErrors(parley.windows())), "-", "0");
        report.add(sc, "bottleneck", Report.verdict(parley.windows()).replaceAll(":.*", ""), "", "");
    }
}
