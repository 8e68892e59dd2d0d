package dev.parley.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * Chat load: R receivers and S senders in one room, at max rate then at a fixed offered rate, on the relay then on
 * each reference server (socket.io, whose load keeps no window of unacknowledged messages, at the fixed rate only).
 */
@Command(name = "text",
        description = {"R receivers + S senders in one room, ~100-byte chat messages: max rate (each sender keeps "
                + "--window messages unacknowledged; its echo is the ack), then a fixed offered rate; then the same "
                + "load against the reference servers: the bare Netty broadcast server (the yardstick) and socket.io "
                + "(the fixed rate only; skipped without node and npm ci --prefix benchmarks/socketio)."})
final class TextScenario extends ScenarioCommand {
    /** The servers that get the same load after the relay, for comparison. */
    private static final List<Target> REFERENCES = List.of(Targets.BARE_NETTY, Targets.SOCKET_IO);
    private static final List<String> FIGURES = Report.list("sent/s", "delivered/s", "latency p50 ms",
            "latency p90 ms", "latency p99 ms", "latency max ms", "ack p99 ms", "server CPU us/delivery",
            "server CPU cores", "server kernel share %", "generator CPU cores", "order errors");
    /** Warm-up of the fixed-rate phase when it follows the max-rate one (the server is warm by then). */
    private static final int FIXED_RATE_WARMUP = 2;

    @Option(names = "--receivers", paramLabel = "R", description = "Members that only receive (default: ${DEFAULT-VALUE}).")
    int receivers = 50;

    @Option(names = "--senders", paramLabel = "S", description = "Members that send (default: ${DEFAULT-VALUE}).")
    int senders = 5;

    @Option(names = "--window", paramLabel = "N",
            description = "Messages each sender keeps unacknowledged at max rate (default: ${DEFAULT-VALUE}).")
    int window = 32;

    @Option(names = "--rate", paramLabel = "MSGS_PER_S",
            description = "Messages per second offered over all senders in the fixed-rate phase; 0 skips it "
                    + "(default: ${DEFAULT-VALUE}).")
    double rate = 1000;

    @Option(names = "--bytes", paramLabel = "BYTES", description = "Size of a sender's chat frame (default: ${DEFAULT-VALUE}).")
    int bytes = 100;

    @Option(names = "--only-fixed-rate", description = "Skip the max-rate phases.")
    boolean onlyFixedRate;

    /** What one server did: its name and engine, then its max-rate and fixed-rate windows (empty when skipped). */
    private record Runs(Target target, String name, String engine, List<Window> max, List<Window> fixed) {
        double maxRate(String figure) {
            return Report.median(max, figure);
        }

        double fixedRate(String figure) {
            return Report.median(fixed, figure);
        }
    }

    @Override
    public void run(Session session) throws Exception {
        Traffic.Setup setup = new Traffic.Setup(Traffic.Kind.TEXT, receivers, senders, false, bytes);
        Runs parley = runOn(Targets.PARLEY_RELAY, session, setup);
        List<Runs> references = new ArrayList<>();
        for (Target reference : session.references(REFERENCES)) {
            try {
                Runs runs = runOn(reference, session, setup);
                if (!runs.max().isEmpty() || !runs.fixed().isEmpty()) {
                    references.add(runs);
                }
            } catch (ReferenceUnavailable e) {
                System.out.println();
                System.out.println(e.getMessage());
            }
        }
        summarise(session.report(), parley, references);
    }

    private boolean onlyFixed() {
        return onlyFixedRate && rate > 0;
    }

    private Runs runOn(Target target, Session session, Traffic.Setup setup) throws Exception {
        String who = receivers + " receivers + " + senders + " senders";
        List<Window> max = List.of();
        List<Window> fixed = List.of();
        try (ChildServer server = target.start(session.servers());
             TrafficLoad load = target.traffic(server, setup)) {
            String engine = Report.engine(server, load.tlsSession());
            if (!onlyFixed() && load.windowed()) {
                max = load.run(window, 0, session.warmup(), session.seconds(), session.runs());
                Report.printPhase("text, " + target.title() + ", max rate (window " + window + "/sender), " + who,
                        max, FIGURES);
            } else if (!onlyFixed()) {
                System.out.println("  (no max-rate phase on the " + target.title() + ": its load keeps no window of "
                        + "unacknowledged messages, so only the fixed offered rate applies)");
            }
            if (rate > 0) {
                fixed = load.run(window, rate, max.isEmpty() ? session.warmup() : FIXED_RATE_WARMUP, session.seconds(),
                        session.runs());
                Report.printPhase("text, " + target.title() + ", " + Report.num(rate) + " msgs/s offered, " + who,
                        fixed, FIGURES);
            }
            return new Runs(target, server.name, engine, max, fixed);
        }
    }

    private void summarise(Report report, Runs parley, List<Runs> references) {
        String sc = "text " + receivers + "+" + senders;
        report.add(sc, "server engine", parley.engine(), Report.references(references, r -> r.name() + ": " + r.engine()), "");
        if (!parley.max().isEmpty()) {
            List<Runs> maxRefs = references.stream().filter(r -> !r.max().isEmpty()).toList();
            double cpu = parley.maxRate("server CPU us/delivery");
            double rateMax = parley.maxRate("delivered/s");
            report.add(sc, "deliveries/s, max rate", Report.num(rateMax), Report.references(maxRefs,
                    r -> r.name() + " " + Report.num(r.maxRate("delivered/s")) + " ("
                            + Report.ratio(rateMax, r.maxRate("delivered/s")) + ")"), "");
            String target = Double.isNaN(cpu) ? "<= 2 us (relay CPU not visible)" : "<= 2 us " + Report.met(cpu <= 2)
                    + maxRefs.stream().filter(r -> r.target() == Targets.BARE_NETTY).map(r -> "; <= 1.3x bare Netty "
                            + Report.met(cpu <= 1.3 * r.maxRate("server CPU us/delivery"))).findFirst().orElse("");
            report.add(sc, "relay CPU us/delivery, max rate", Report.num(cpu), Report.references(maxRefs,
                    r -> r.name() + " " + Report.num(r.maxRate("server CPU us/delivery")) + " ("
                            + Report.ratio(cpu, r.maxRate("server CPU us/delivery")) + ")"), target);
            report.add(sc, "latency p50/p99 ms, max rate", Report.num(parley.maxRate("latency p50 ms")) + " / "
                    + Report.num(parley.maxRate("latency p99 ms")), Report.references(maxRefs, r -> r.name() + " "
                    + Report.num(r.maxRate("latency p50 ms")) + " / " + Report.num(r.maxRate("latency p99 ms"))), "");
        }
        if (!parley.fixed().isEmpty()) {
            List<Runs> fixedRefs = references.stream().filter(r -> !r.fixed().isEmpty()).toList();
            double p99 = parley.fixedRate("latency p99 ms");
            String p99Target = "p99 <= 5 ms " + Report.met(p99 <= 5) + fixedRefs.stream()
                    .filter(r -> r.target() == Targets.SOCKET_IO).map(r -> "; <= socket.io p99 "
                            + Report.met(p99 <= r.fixedRate("latency p99 ms"))).findFirst().orElse("");
            report.add(sc, "latency p50/p99/max ms at " + Report.num(rate) + " msgs/s",
                    Report.num(parley.fixedRate("latency p50 ms")) + " / " + Report.num(p99) + " / "
                            + Report.num(parley.fixedRate("latency max ms")),
                    Report.references(fixedRefs, r -> r.name() + " " + Report.num(r.fixedRate("latency p50 ms"))
                            + " / " + Report.num(r.fixedRate("latency p99 ms")) + " / "
                            + Report.num(r.fixedRate("latency max ms"))), p99Target);
            double fixedCpu = parley.fixedRate("server CPU us/delivery");
            String cpuTarget = Double.isNaN(fixedCpu) ? "" : fixedRefs.stream()
                    .filter(r -> r.target() == Targets.BARE_NETTY).map(r -> "<= 1.1x bare Netty "
                            + Report.met(fixedCpu <= 1.1 * r.fixedRate("server CPU us/delivery"))).findFirst().orElse("");
            report.add(sc, "relay CPU us/delivery at " + Report.num(rate) + " msgs/s", Report.num(fixedCpu),
                    Report.references(fixedRefs, r -> r.name() + " " + Report.num(r.fixedRate("server CPU us/delivery"))
                            + " (" + Report.ratio(fixedCpu, r.fixedRate("server CPU us/delivery")) + ")"), cpuTarget);
        }
        report.add(sc, "order errors (seq not last+1)", Report.num(Window.orderErrors(parley.max(), parley.fixed())),
                "-", "0");
        report.add(sc, "bottleneck", Report.verdict(parley.max().isEmpty() ? parley.fixed() : parley.max())
                .replaceAll(":.*", ""), "", "");
    }
}
