package dev.parley.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Idle connections: what N joined TLS connections cost a fresh relay (time, CPU, heap, RSS), and what sockets that
 * never start TLS cost it.
 */
@Command(name = "connections",
        description = {"N idle joined TLS connections (rooms of --room-size, so presence stays linear); a fresh relay "
                + "per run, then the same against a fresh bare Netty server per run. Then --stalled TCP connections "
                + "that never send a ClientHello. Needs a relay it starts."})
final class ConnectionsScenario extends ScenarioCommand {
    /** The servers that get the same connections after the relay, for comparison. */
    private static final List<Target> REFERENCES = List.of(Targets.BARE_NETTY);

    @Option(names = "--connections", paramLabel = "N", description = "Connections to hold, e.g. 5000 (default: ${DEFAULT-VALUE}).")
    int connections = 1000;

    @Option(names = "--room-size", paramLabel = "N", description = "Members per room (default: ${DEFAULT-VALUE}).")
    int roomSize = 20;

    @Option(names = "--parallel", paramLabel = "N", description = "Connections joining at once (default: ${DEFAULT-VALUE}).")
    int parallel = 4;

    @Option(names = "--stalled", paramLabel = "N",
            description = "TCP connections that never send a ClientHello, opened last (default: ${DEFAULT-VALUE}).")
    int stalled = 50;

    /** The runs against one kind of server, a fresh one per run: its name, what it said its engine was, the figures. */
    private record Held(String name, String engine, List<Map<String, Double>> results) {
        double median(String figure) {
            return Report.median(results.stream().mapToDouble(m -> m.get(figure)).sorted().toArray());
        }

        String perConnection() {
            return Report.num(median("heap KB/connection")) + " / " + Report.num(median("RSS KB/connection"))
                    + " (" + Report.num(median("marginal heap KB/conn")) + " / "
                    + Report.num(median("marginal RSS KB/conn")) + ")";
        }
    }

    @Override
    public void check(Session session) {
        if (!session.servers().startsRelay()) {
            throw new IllegalArgumentException("connections measures the relay's memory: it needs a relay it starts");
        }
    }

    @Override
    public void run(Session session) throws Exception {
        Held parley = hold(Targets.PARLEY_RELAY, session);
        List<Held> references = new ArrayList<>();
        for (Target reference : session.references(REFERENCES)) {
            references.add(hold(reference, session));
        }
        summarise(session.report(), parley, references);
    }

    private Held hold(Target target, Session session) throws Exception {
        List<Map<String, Double>> results = new ArrayList<>();
        String name = null;
        String engine = null;
        for (int r = 0; r < session.runs(); r++) {
            try (ChildServer server = target.start(session.servers())) {
                String[] tlsSession = new String[1];
                results.add(Connections.run(server, connections, roomSize, parallel, stalled, s -> tlsSession[0] = s));
                if (engine == null) {
                    name = server.name;
                    engine = Report.engine(server, tlsSession[0]);
                }
            }
        }
        System.out.println();
        System.out.println("== connections, " + name + ", " + connections + " idle joined TLS connections in rooms of "
                + roomSize + " (" + session.runs() + " runs, fresh server each; median [min .. max])");
        for (String f : results.get(0).keySet()) {
            System.out.println(Report.spread(f, results.stream().mapToDouble(m -> m.get(f)).sorted().toArray()));
        }
        return new Held(name, engine, results);
    }

    private void summarise(Report report, Held parley, List<Held> references) {
        String sc = "connections " + connections;
        String idle = "relay CPU % w/ " + stalled + " no-TLS";
        report.add(sc, "server engine", parley.engine(), Report.references(references, h -> h.name() + ": " + h.engine()), "");
        report.add(sc, "time to connect all, s (connects/s)", Report.num(parley.median("connect all s")) + " ("
                        + Report.num(parley.median("connects/s")) + ")",
                Report.references(references, h -> h.name() + " " + Report.num(h.median("connect all s")) + " ("
                        + Report.num(h.median("connects/s")) + ")"), "");
        boolean all = parley.median("heap KB/connection") <= 40 && parley.median("RSS KB/connection") <= 40;
        boolean marginal = parley.median("marginal heap KB/conn") <= 40 && parley.median("marginal RSS KB/conn") <= 40;
        report.add(sc, "relay heap / RSS KB per connection (last 80%)", parley.perConnection(),
                Report.references(references, h -> h.name() + " " + h.perConnection()),
                "<= 40 KB " + Report.met(all) + " (last 80%: " + Report.met(marginal) + ")");
        report.add(sc, "failed joins (retried once)", Report.num(parley.results().stream()
                .mapToDouble(m -> m.get("failed joins (retried)")).sum()), "-", "0");
        report.add(sc, "relay CPU % idle / with " + stalled + " no-TLS sockets",
                Report.num(parley.median("idle relay CPU %")) + " / " + Report.num(parley.median(idle)),
                Report.references(references, h -> h.name() + " " + Report.num(h.median("idle relay CPU %")) + " / "
                        + Report.num(h.median(idle))),
                "stalled handshakes cost ~no CPU " + Report.met(parley.median(idle) - parley.median("idle relay CPU %") < 5));
    }
}
