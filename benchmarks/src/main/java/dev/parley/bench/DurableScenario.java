package dev.parley.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * Stored and acknowledged chat: S senders, each alone in a room of its own, as many acks per second as the relay
 * gives.
 */
@Command(name = "durable",
        description = {"S senders, each alone in a room of its own, every message stored (SQLite WAL, "
                + "synchronous=FULL, group commit) and acknowledged by its echo."})
final class DurableScenario extends ScenarioCommand {
    private static final List<String> FIGURES = Report.list("sent/s", "acks/s", "ack p50 ms", "ack p99 ms",
            "latency max ms", "server CPU us/ack", "server CPU cores", "server kernel share %", "generator CPU cores",
            "order errors");

    @Option(names = "--senders", paramLabel = "S", description = "Senders, each in a room of its own (default: ${DEFAULT-VALUE}).")
    int senders = 50;

    @Option(names = "--window", paramLabel = "N",
            description = "Messages each sender keeps unacknowledged (default: ${DEFAULT-VALUE}).")
    int window = 4;

    @Option(names = "--bytes", paramLabel = "BYTES", description = "Size of a chat frame (default: ${DEFAULT-VALUE}).")
    int bytes = 100;

    @Override
    public void run(Session session) throws Exception {
        Traffic.Setup setup = new Traffic.Setup(Traffic.Kind.TEXT, 0, senders, true, bytes);
        List<Window> w;
        try (ChildServer relay = Targets.PARLEY_RELAY.start(session.servers());
             TrafficLoad t = Targets.PARLEY_RELAY.traffic(relay, setup)) {
            w = t.run(window, 0, session.warmup(), session.seconds(), session.runs());
            Report.printPhase("durable acks, Parley relay, " + senders + " senders in rooms of their own, window "
                    + window + "/sender", w, FIGURES);
        }
        double acks = Report.median(w, "acks/s");
        String sc = "durable " + senders + "x" + window;
        Report report = session.report();
        report.add(sc, "acks/s (SQLite, synchronous=FULL)", Report.num(acks), "-", ">= 10,000 " + Report.met(acks >= 10_000));
        report.add(sc, "ack p50/p99 ms", Report.num(Report.median(w, "ack p50 ms")) + " / "
                + Report.num(Report.median(w, "ack p99 ms")), "-", "");
        report.add(sc, "relay CPU us/ack", Report.num(Report.median(w, "server CPU us/ack")), "-", "");
        report.add(sc, "order errors (seq not last+1)", Report.num(Window.orderErrors(w)), "-", "0");
        report.add(sc, "bottleneck", Report.verdict(w).replaceAll(":.*", ""), "", "");
    }
}
