package dev.parley.bench;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The live scenario's summary rows: per listener count the relay's CPU per listener-second beside each reference
 * server's at the same count (Parley ÷ reference, and whether Parley is at or below it), chunk latency and the checks;
 * and what one stream with one listener costs.
 */
final class LiveSummary {
    /** The target for one stream with one listener: below this % of one core. */
    static final double ONE_STREAM_PERCENT = 1;

    /** A CPU figure, gross and net of the server's idle CPU; NaN where it was not measured. */
    record Cpu(double gross, double net) {
        /** "4,700 (4,400)": gross, then net of idle. */
        String cell() {
            return Report.num(gross) + " (" + Report.num(net) + ")";
        }
    }

    /**
     * One server's live phases, and how the summary names it and its engine; {@code bar}: Parley's target is to cost no
     * more than it (Mumble's server), else it is a reference only (the bare engine: a floor).
     */
    record Server(String name, String engine, List<LivePhase> phases, boolean bar) {
        Optional<LivePhase> at(int listeners) {
            return phases.stream().filter(p -> p.listeners() == listeners).findFirst();
        }
    }

    private LiveSummary() {
    }

    /** Adds the relay's rows, each with the reference servers' figures at the same listener count. */
    static void add(Report report, Server parley, List<Server> references) {
        report.add("live", "server engine", parley.engine(),
                Report.references(references, r -> r.name() + ": " + r.engine()), "");
        for (LivePhase p : parley.phases()) {
            int l = p.listeners();
            List<Named> same = references.stream().filter(r -> r.at(l).isPresent())
                    .map(r -> new Named(r.name(), r.at(l).orElseThrow(), r.bar())).toList();
            String sc = "live 1 -> " + l;
            Cpu cpu = p.perListenerSecond();
            report.add(sc, "relay CPU us per listener-second (net of idle)", cpu.cell(),
                    Report.references(same, r -> comparison(r.name(), cpu, r.phase().perListenerSecond())),
                    same.stream().filter(Named::bar).map(r -> atOrBelow(r.name(), cpu, r.phase().perListenerSecond()))
                            .collect(Collectors.joining("; ")));
            report.add(sc, "chunk latency p50/p95/p99 ms", Latencies.millis(p.latency(), 50, 95, 99),
                    Report.references(same, r -> r.name() + " " + Latencies.millis(r.phase().latency(), 50, 95, 99)),
                    "");
            boolean ok = p.everyChunk() && p.everyStored();
            report.add(sc, "every chunk in order; stored clip = chunks", ok ? "yes" : "no",
                    Report.references(same, r -> r.name() + " " + checks(r.phase())), "yes " + Report.met(ok));
            if (l == 1) {
                Cpu core = p.corePercent();
                report.add(sc, "one stream with one listener, % of one core (net of idle)", core.cell(),
                        Report.references(same, r -> r.name() + " " + r.phase().corePercent().cell()),
                        belowOnePercent(core));
            }
        }
    }

    /** A reference server's phase at one listener count. */
    private record Named(String name, LivePhase phase, boolean bar) {
    }

    /**
     * The reference cell of a CPU row: the reference's figure, then Parley ÷ it, net of idle where both have their
     * idle CPU measured, else gross (then it says so).
     */
    static String comparison(String name, Cpu parley, Cpu reference) {
        boolean net = bothNet(parley, reference);
        return name + " " + reference.cell() + ", Parley/" + name + " "
                + Report.ratio(net ? parley.net() : parley.gross(), net ? reference.net() : reference.gross())
                + (net ? "" : " gross");
    }

    /** The target cell of a CPU row: whether Parley is at or below the reference, compared as {@link #comparison}. */
    static String atOrBelow(String name, Cpu parley, Cpu reference) {
        boolean net = bothNet(parley, reference);
        double a = net ? parley.net() : parley.gross();
        double b = net ? reference.net() : reference.gross();
        return "<= " + name + (Double.isNaN(a) || Double.isNaN(b) ? " (not measured)" : " " + Report.met(a <= b));
    }

    /** The target cell of the one-stream row: below 1 % of one core, net of idle where measured, else gross. */
    static String belowOnePercent(Cpu corePercent) {
        double v = Double.isNaN(corePercent.net()) ? corePercent.gross() : corePercent.net();
        return "< 1 %" + (Double.isNaN(v) ? " (not measured)" : " " + Report.met(v < ONE_STREAM_PERCENT));
    }

    private static boolean bothNet(Cpu parley, Cpu reference) {
        return !Double.isNaN(parley.net()) && !Double.isNaN(reference.net());
    }

    private static String checks(LivePhase p) {
        return (p.everyChunk() && p.everyStored() ? "yes" : "no") + (p.stores() ? "" : " (stores nothing)");
    }
}
